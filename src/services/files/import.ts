/**
 * The import use case shared by the app (after a chunked upload) and `vaxdesk import`: analyse
 * the whole file, and only if every row is valid, store every row through upsertInvitation() in
 * ONE transaction with the audit row. A file with one bad row imports nothing.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../api/errors';
import type { Store } from '../../db/store';
import type { FileImportFormat } from '../../db/files';
import { localDate } from '../../domain/time';
import { uuidv5 } from '../../sync/fhir/ids';
import { upsertInvitation, UpsertConflict, type IncomingInvitation } from '../invitations/upsert';
import { analyseCsv, type CsvAnalysis, type ImportDraft } from './csv-analyse';
import { analyseFhir, looksLikeFhir, type FhirAnalysis } from './fhir-read';
import { problem, type ColumnMapping, type Problem } from './fields';
import type { Delimiter } from './csv-read';
import type { ImportPreview, ImportResult } from '../../api/contract/files';

export interface ImportOptions {
  format?: 'auto' | 'csv' | 'fhir';
  mapping?: ColumnMapping;
  delimiter?: Delimiter;
}

export interface Actor {
  staffId: string | null;
  staffName: string | null;
}

type Analysis = { kind: 'csv'; csv: CsvAnalysis } | { kind: 'fhir'; fhir: FhirAnalysis };

function centerOf(store: Store): string | null {
  return store.center.id();
}

/** The central system's Location for this center, when the sync is configured (settings 'sync.connection'). */
function locationOf(store: Store): string | null {
  return store.settings.get<{ locationId?: string }>('sync.connection')?.locationId ?? null;
}

export function chooseFormat(fileName: string, bytes: Uint8Array, wanted: ImportOptions['format'] = 'auto'): 'csv' | 'fhir' {
  if (wanted === 'csv' || wanted === 'fhir') return wanted;
  if (/\.(json|ndjson|jsonl)$/i.test(fileName)) return 'fhir';
  if (/\.(csv|txt|tsv)$/i.test(fileName)) return 'csv';
  return looksLikeFhir(bytes) ? 'fhir' : 'csv';
}

function analyse(store: Store, fileName: string, bytes: Uint8Array, opts: ImportOptions, now: Date): Analysis {
  if (chooseFormat(fileName, bytes, opts.format) === 'fhir') {
    const centerId = centerOf(store) ?? '';
    return { kind: 'fhir', fhir: analyseFhir(bytes, { centerId, locationId: locationOf(store) }) };
  }
  const products = store.db.prepare<[], { code: string; name: string }>(`SELECT code, name FROM products WHERE active = 1`).all();
  return {
    kind: 'csv',
    csv: analyseCsv(bytes, { mapping: opts.mapping, delimiter: opts.delimiter, products, today: localDate(now) }),
  };
}

export function previewOf(uploadId: string | null, fileName: string, a: Analysis, extra: Problem[] = []): ImportPreview {
  const base = { uploadId, fileName };
  if (a.kind === 'csv') {
    const c = a.csv;
    const problems = [...extra, ...c.problems];
    return {
      ...base, format: 'csv', encoding: c.encoding, delimiter: c.delimiter, headers: c.headers, mapping: c.mapping, proposedMapping: c.proposedMapping,
      sample: c.sample, rows: c.rows, valid: c.valid, fhir: null, problems, problemCount: c.problemCount + extra.length,
      ok: c.problemCount + extra.length === 0,
    };
  }
  const f = a.fhir;
  const problems = [...extra, ...f.problems];
  return {
    ...base, format: f.format, encoding: null, delimiter: null, headers: [], mapping: {}, proposedMapping: {}, sample: [],
    rows: f.appointments, valid: f.valid,
    fhir: { bundleType: f.bundleType, appointments: f.appointments, patients: f.patients, skipped: f.skipped, ignored: f.ignored },
    problems, problemCount: f.problemCount + extra.length, ok: f.problemCount + extra.length === 0,
  };
}

/** Validates without writing anything: what the preview screen shows. */
export function previewImport(store: Store, uploadId: string | null, fileName: string, bytes: Uint8Array, opts: ImportOptions, now: Date): ImportPreview {
  const a = analyse(store, fileName, bytes, opts, now);
  return previewOf(uploadId, fileName, a, [...(centerOf(store) ? [] : [noCenter()]), ...clashes(store, a)]);
}

/**
 * Rows the file gets right but the database disagrees with: an invitation code (or Appointment
 * id) that VaxDesk already holds for another person. Taking it over would move someone's
 * appointment, and maybe their check-in, onto a stranger.
 */
function clashes(store: Store, a: Analysis): Problem[] {
  const out: Problem[] = [];
  const check = (id: string | null, code: string, niss: string, line: number | null, entry: number | null) => {
    const where = line !== null ? `Line ${line}` : `Entry ${entry}`;
    const at = entry !== null ? { entry } : {};
    const byCode = store.invitations.byCode(code);
    if (id !== null && byCode && byCode.id !== id) {
      out.push(problem(line, 'conflict', `${where}: invitation code ${code} already belongs to another appointment in VaxDesk.`, { ...at, params: { value: code } }));
      return;
    }
    const existing = (id !== null ? store.invitations.get(id) : undefined) ?? byCode;
    const holder = existing ? store.people.get(existing.personId) : undefined;
    if (holder?.niss && holder.niss !== niss) {
      out.push(problem(line, 'code_taken', `${where}: invitation ${code} already belongs to another person in VaxDesk.`, { ...at, params: { value: code } }));
    }
  };
  if (a.kind === 'csv') for (const d of a.csv.drafts) check(null, d.code, d.person.niss, d.line, null);
  else for (const it of a.fhir.items) check(it.incoming.id, it.incoming.code, it.incoming.person.niss, it.line, it.entry);
  return out;
}

const noCenter = () => problem(null, 'no_center', 'This desk has no vaccination center configured yet; set it up before importing invitations.');

/** A stable version for a row without one: the same row imported twice is "unchanged" the second time. */
function contentVersion(x: unknown): string {
  return `file-${createHash('sha256').update(JSON.stringify(x)).digest('hex').slice(0, 16)}`;
}

function fromDraft(store: Store, d: ImportDraft, centerId: string): IncomingInvitation {
  // Same code → same invitation: a list imported again (or an invitation first pulled from
  // central) is updated in place, never duplicated.
  const existing = store.invitations.byCode(d.code);
  const { line: _line, ...facts } = d;
  return {
    id: existing?.id ?? uuidv5(`invitation:${centerId}:${d.code}`),
    code: d.code,
    person: d.person,
    centerId,
    startAt: d.startAt,
    endAt: d.endAt,
    doseNumber: d.doseNumber,
    productCode: d.productCode,
    status: d.status,
    channels: d.channels,
    source: 'import',
    versionId: contentVersion(facts),
    lastUpdated: null,
  };
}

class Rejected extends Error {
  constructor(readonly problems: Problem[]) {
    super('rejected');
  }
}

/**
 * Imports the file or throws IMPORT_INVALID with the preview (every problem, with lines) in
 * details.preview. Records the import in file_imports (uploadId: the upload session, or a fresh
 * id for the command line) and in the audit log, in the same transaction as the rows.
 */
export function commitImport(
  store: Store,
  actor: Actor,
  upload: { id: string; fileName: string; sizeBytes: number; fromUpload: boolean },
  bytes: Uint8Array,
  opts: ImportOptions,
  now: Date,
): ImportResult {
  const centerId = centerOf(store);
  const a = analyse(store, upload.fileName, bytes, opts, now);
  const pre = previewOf(upload.id, upload.fileName, a, [...(centerId ? [] : [noCenter()]), ...clashes(store, a)]);
  if (!pre.ok || !centerId) throw new AppError('IMPORT_INVALID', reportLine(pre), { preview: pre });
  const format: FileImportFormat = a.kind === 'csv' ? 'csv' : a.fhir.format!;
  const at = now.toISOString();
  try {
    return store.tx(() => {
      const counts = { inserted: 0, updated: 0, unchanged: 0 };
      const problems: Problem[] = [];
      const rows: { inc: IncomingInvitation; line: number | null; entry?: number }[] =
        a.kind === 'csv'
          ? a.csv.drafts.map((d) => ({ inc: fromDraft(store, d, centerId), line: d.line }))
          : a.fhir.items.map((it) => {
              const { versionId, lastUpdated, ...facts } = it.incoming;
              return { inc: { ...it.incoming, versionId: versionId ?? contentVersion(facts), lastUpdated }, line: it.line, ...(it.entry !== null ? { entry: it.entry } : {}) };
            });
      for (const r of rows) {
        const where = r.line !== null ? `Line ${r.line}` : `Entry ${r.entry}`;
        const existing = store.invitations.get(r.inc.id) ?? store.invitations.byCode(r.inc.code);
        if (existing) {
          const holder = store.people.get(existing.personId);
          if (holder?.niss && holder.niss !== r.inc.person.niss) {
            problems.push(problem(r.line, 'code_taken', `${where}: invitation ${r.inc.code} already belongs to another person in VaxDesk.`, { params: { value: r.inc.code }, ...(r.entry !== undefined ? { entry: r.entry } : {}) }));
            continue;
          }
        }
        try {
          counts[upsertInvitation(store, r.inc, at)]++;
        } catch (e) {
          if (!(e instanceof UpsertConflict)) throw e;
          problems.push(problem(r.line, 'conflict', `${where}: ${e.message}`, r.entry !== undefined ? { entry: r.entry } : {}));
        }
      }
      if (problems.length > 0) throw new Rejected(problems);
      if (upload.fromUpload) {
        if (!store.files.finish({ id: upload.id, status: 'imported', format, rows: rows.length, ...counts, at })) {
          throw new AppError('CONFLICT', 'This upload was already imported or cancelled.');
        }
      } else {
        store.files.insert({ id: upload.id, staffId: actor.staffId, staffName: actor.staffName, fileName: upload.fileName, sizeBytes: upload.sizeBytes, createdAt: at });
        store.files.finish({ id: upload.id, status: 'imported', format, rows: rows.length, ...counts, at });
      }
      store.audit.append({
        at, actorId: actor.staffId, actorName: actor.staffName, action: 'invitations.import', entity: 'file_import', entityId: upload.id,
        detail: { fileName: upload.fileName, format, rows: rows.length, ...counts },
      });
      return { uploadId: upload.id, fileName: upload.fileName, format, rows: rows.length, ...counts };
    });
  } catch (e) {
    if (!(e instanceof Rejected)) throw e;
    const report: ImportPreview = { ...pre, ok: false, problems: e.problems.slice(0, 500), problemCount: e.problems.length, valid: pre.valid - e.problems.length };
    throw new AppError('IMPORT_INVALID', reportLine(report), { preview: report });
  }
}

/** One sentence for logs and the command line; the screens show the list. */
export function reportLine(p: ImportPreview): string {
  const first = p.problems[0];
  return `Nothing was imported: ${p.problemCount} problem${p.problemCount === 1 ? '' : 's'} in ${p.fileName}${first ? ` (first: ${first.message})` : ''}.`;
}
