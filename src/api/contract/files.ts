import { z } from 'zod';
import { method, returns } from '../method';
import { Id, LocalDate } from '../schemas';
import type { ColumnMapping, Problem } from '../../services/files/fields';
import type { FileImport } from '../../db/files';

export type { ColumnMapping, Problem, FileImport };
export { IMPORT_FIELDS, type ImportField } from '../../services/files/fields';

/** What the import would do with a file: the mapping it read it with and every problem, by line. */
export interface ImportPreview {
  uploadId: string | null;
  fileName: string;
  format: 'csv' | 'fhir-bundle' | 'fhir-ndjson' | null;
  encoding: 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252' | null;
  delimiter: ';' | ',' | '\t' | null;
  headers: string[];
  mapping: ColumnMapping;
  proposedMapping: ColumnMapping;
  sample: { line: number; cells: string[] }[];
  /** Data rows (CSV) or Appointments (FHIR) in the file. */
  rows: number;
  valid: number;
  fhir: { bundleType: string | null; appointments: number; patients: number; skipped: number; ignored: number } | null;
  /** At most 500 listed; problemCount has them all. */
  problems: Problem[];
  problemCount: number;
  ok: boolean;
}

export interface ImportResult {
  uploadId: string;
  fileName: string;
  format: 'csv' | 'fhir-bundle' | 'fhir-ndjson';
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ExportFile {
  filename: string;
  mime: 'text/csv' | 'application/fhir+json';
  text: string;
  /** Appointments people arrived for, doses given, records left out of a Bundle (no national number). */
  appointments: number;
  immunizations: number;
  skipped: number;
}

/** A raw chunk is 512 KiB: its base64 (700 KB) plus the envelope stays under the 1 MB input cap. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
const Column = z.number().int().min(0).max(59).nullable();
const Mapping = z.strictObject({
  code: Column.optional(), niss: Column.optional(), familyName: Column.optional(), givenName: Column.optional(), birthDate: Column.optional(),
  date: Column.optional(), time: Column.optional(), datetime: Column.optional(), doseNumber: Column.optional(), product: Column.optional(),
  status: Column.optional(), channels: Column.optional(),
});
const ReadOptions = {
  format: z.enum(['auto', 'csv', 'fhir']).default('auto'),
  mapping: Mapping.optional(),
  delimiter: z.enum([';', ',', '\t']).optional(),
};
const FileName = z.string().trim().min(1).max(255);

export const filesContract = {
  'files.beginImport': method({
    role: 'coordinator',
    summary: 'Start uploading an invitation list (CSV, FHIR Bundle or NDJSON) of the given size; returns the upload id and the chunk size.',
    input: z.strictObject({ fileName: FileName, size: z.number().int().min(0).max(1024 * 1024 * 1024) }),
    result: returns<{ uploadId: string; chunkBytes: number }>(),
    emits: [],
  }),
  'files.uploadChunk': method({
    role: 'coordinator',
    summary: 'Add the next chunk (base64, at most 512 KiB raw) at its byte offset; a repeated chunk is accepted once.',
    input: z.strictObject({ uploadId: Id, offset: z.number().int().min(0), data: z.string().max(Math.ceil(UPLOAD_CHUNK_BYTES / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64') }),
    result: returns<{ received: number; size: number; complete: boolean }>(),
    emits: [],
  }),
  'files.previewImport': method({
    role: 'coordinator',
    summary: 'Read the uploaded file: detected format, encoding and delimiter, proposed column mapping, sample rows and every problem with its line. Writes nothing.',
    input: z.strictObject({ uploadId: Id, ...ReadOptions }),
    result: returns<ImportPreview>(),
    emits: [],
  }),
  'files.commitImport': method({
    role: 'coordinator',
    summary: 'Import every row of the uploaded file in one transaction, or nothing (IMPORT_INVALID with the report in details.preview).',
    input: z.strictObject({ uploadId: Id, ...ReadOptions }),
    result: returns<ImportResult>(),
    emits: ['invitations'],
  }),
  'files.cancelImport': method({
    role: 'coordinator',
    summary: 'Drop an upload that will not be imported (its temporary file is deleted).',
    input: z.strictObject({ uploadId: Id }),
    result: returns<null>(),
    emits: [],
  }),
  'files.recentImports': method({
    role: 'coordinator',
    summary: 'The latest imports: file, who, when, rows inserted, updated and unchanged.',
    input: z.strictObject({ limit: z.number().int().min(1).max(100).default(20) }),
    result: returns<FileImport[]>(),
    emits: [],
  }),
  'files.exportDay': method({
    role: 'coordinator',
    summary: "A day's arrivals and doses as a FHIR transaction Bundle (PUT, the sync's deterministic ids) or as CSV (formula cells neutralised).",
    input: z.strictObject({ day: LocalDate, format: z.enum(['csv', 'fhir']) }),
    result: returns<ExportFile>(),
    emits: [],
  }),
} as const;
