import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Command } from './command';
import { createApp } from '../core';
import { defaultDataDir } from '../paths';
import { AppError } from '../api/errors';
import { commitImport, previewImport, type ImportOptions } from '../services/files/import';
import { IMPORT_LIMITS } from '../services/files/csv-analyse';
import { IMPORT_FIELDS, normaliseHeader, type ColumnMapping, type ImportField } from '../services/files/fields';
import type { ImportPreview } from '../api/contract/files';

/** "niss=Rijksregister,code=1": a column by its header (any case/accents) or its 1-based number. */
export function parseMap(spec: string, headers: readonly string[]): ColumnMapping {
  const m: ColumnMapping = {};
  for (const part of spec.split(',').filter((p) => p.trim() !== '')) {
    const eq = part.indexOf('=');
    const field = part.slice(0, eq).trim() as ImportField;
    const col = part.slice(eq + 1).trim();
    if (eq < 1 || !(IMPORT_FIELDS as readonly string[]).includes(field)) throw new Error(`--map: "${part}" is not field=column (fields: ${IMPORT_FIELDS.join(', ')}).`);
    if (col === '' || col === '-') m[field] = null;
    else if (/^\d+$/.test(col)) m[field] = Number(col) - 1;
    else {
      const i = headers.findIndex((h) => normaliseHeader(h) === normaliseHeader(col));
      if (i < 0) throw new Error(`--map: there is no column "${col}" (columns: ${headers.join(', ')}).`);
      m[field] = i;
    }
  }
  return m;
}

export function printReport(p: ImportPreview, max = 50): void {
  console.error(`Nothing was imported from ${p.fileName}: ${p.problemCount} problem${p.problemCount === 1 ? '' : 's'}.`);
  for (const x of p.problems.slice(0, max)) console.error(`  ${x.line !== null ? `line ${x.line}` : x.entry !== undefined ? `entry ${x.entry}` : 'file'}: ${x.message.replace(/^(Line|Entry) \d+: /, '')}`);
  if (p.problemCount > max) console.error(`  … and ${p.problemCount - max} more.`);
  if (p.format === 'csv' && p.headers.length) {
    const used = Object.entries(p.mapping).filter(([, c]) => c != null).map(([f, c]) => `${f}=${p.headers[c as number] ?? c}`);
    console.error(`Columns used: ${used.join(', ') || 'none'} (change with --map field=column).`);
  }
}

export const importCommand: Command = {
  name: 'import',
  usage: 'vaxdesk import <file> [--data <dir>] [--format auto|csv|fhir] [--delimiter ";"|","|tab] [--map field=column,…] [--dry-run] [--by <name>]',
  summary: 'Import an invitation list (CSV, FHIR Bundle or NDJSON): every row valid, or nothing imported.',
  options: {
    data: { type: 'string' },
    format: { type: 'string' },
    delimiter: { type: 'string' },
    map: { type: 'string' },
    'dry-run': { type: 'boolean' },
    by: { type: 'string' },
  },
  async run(v, positionals) {
    const file = positionals[0];
    if (!file || positionals.length > 1) {
      console.error(`Give exactly one file.\nUsage: ${importCommand.usage}`);
      return 2;
    }
    const format = (v.format ?? 'auto') as string;
    if (!['auto', 'csv', 'fhir'].includes(format)) {
      console.error('--format must be auto, csv or fhir.');
      return 2;
    }
    const delimiter = v.delimiter === undefined ? undefined : v.delimiter === 'tab' ? '\t' : String(v.delimiter);
    if (delimiter !== undefined && ![';', ',', '\t'].includes(delimiter)) {
      console.error('--delimiter must be ";", "," or tab.');
      return 2;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      console.error(`Cannot read ${file}: no such file.`);
      return 1;
    }
    if (!stat.isFile()) {
      console.error(`${file} is not a file.`);
      return 1;
    }
    // Refused before reading: a 5 GB file must not be loaded to be told it is too big.
    if (stat.size > IMPORT_LIMITS.maxFileBytes) {
      console.error(`Nothing was imported: ${file} is ${(stat.size / 1024 / 1024).toFixed(1)} MB, larger than ${IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB. Split the list into smaller files.`);
      return 1;
    }
    const bytes = fs.readFileSync(file);
    const fileName = path.basename(file).slice(0, 255);
    const app = createApp({ dataDir: path.resolve(String(v.data ?? defaultDataDir())) });
    try {
      const { store } = app.core;
      const now = app.core.clock();
      const opts: ImportOptions = { format: format as ImportOptions['format'], delimiter: delimiter as ImportOptions['delimiter'] };
      if (typeof v.map === 'string') {
        const first = previewImport(store, null, fileName, bytes, opts, now);
        try {
          opts.mapping = { ...first.proposedMapping, ...parseMap(v.map, first.headers) };
        } catch (e) {
          console.error((e as Error).message);
          return 2;
        }
      }
      if (v['dry-run']) {
        const p = previewImport(store, null, fileName, bytes, opts, now);
        if (!p.ok) {
          printReport(p);
          return 1;
        }
        console.log(`${fileName} is valid: ${p.valid} ${p.format === 'csv' ? 'rows' : 'appointments'} would be imported (dry run, nothing written).`);
        return 0;
      }
      const by = typeof v.by === 'string' && v.by.trim() ? v.by.trim().slice(0, 80) : `command line (${os.userInfo().username})`;
      const r = commitImport(store, { staffId: null, staffName: by }, { id: randomUUID(), fileName, sizeBytes: bytes.length, fromUpload: false }, bytes, opts, now);
      console.log(`Imported ${fileName} (${r.format}): ${r.rows} rows — ${r.inserted} new, ${r.updated} updated, ${r.unchanged} unchanged.`);
      return 0;
    } catch (e) {
      if (e instanceof AppError && e.code === 'IMPORT_INVALID' && e.details?.preview) {
        printReport(e.details.preview as ImportPreview);
        return 1;
      }
      console.error(e instanceof AppError ? e.message : `Import failed: ${(e as Error).message}`);
      return 1;
    } finally {
      app.close();
    }
  },
};
