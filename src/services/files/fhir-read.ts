/**
 * Reads a FHIR file (a Bundle of type searchset, collection or transaction, or NDJSON with one
 * resource per line) into the invitations it holds, through the sync's own mapper
 * (appointmentToInvitation), so a file and the online pull can never disagree on what an
 * Appointment means. Pure: bytes and the center in, invitations and problems out.
 */
import { appointmentToInvitation, MappingError, type MapContext } from '../../sync/fhir/mappers';
import type { IncomingInvitation } from '../invitations/upsert';
import { decodeText } from './decode';
import { IMPORT_LIMITS } from './csv-analyse';
import { problem, type Problem } from './fields';

export type FhirFormat = 'fhir-bundle' | 'fhir-ndjson';

export interface FhirItem {
  incoming: IncomingInvitation;
  /** Where it is in the file: an NDJSON line, or a Bundle entry (0-based). */
  line: number | null;
  entry: number | null;
}

export interface FhirAnalysis {
  format: FhirFormat | null;
  bundleType: string | null;
  items: FhirItem[];
  /** Appointments read without a problem (the file imports only when all are). */
  valid: number;
  appointments: number;
  patients: number;
  /** Appointments that are not (yet) invitations: proposed, pending, waitlist. */
  skipped: number;
  /** Resources of other types (Immunization, Location…), left alone. */
  ignored: number;
  problems: Problem[];
  problemCount: number;
}

type Json = Record<string, unknown>;
interface Located {
  resource: Json;
  fullUrl: string | null;
  line: number | null;
  entry: number | null;
}

const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Whether the bytes look like JSON (a Bundle or NDJSON) rather than CSV. */
export function looksLikeFhir(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 64)).toString('utf8').replace(/^\uFEFF/, '').trimStart();
  return head.startsWith('{');
}

export function analyseFhir(bytes: Uint8Array, ctx: MapContext): FhirAnalysis {
  const out: FhirAnalysis = { format: null, bundleType: null, items: [], valid: 0, appointments: 0, patients: 0, skipped: 0, ignored: 0, problems: [], problemCount: 0 };
  const add = (p: Problem) => {
    out.problemCount++;
    if (out.problems.length < IMPORT_LIMITS.maxProblemsListed) out.problems.push(p);
  };
  if (bytes.length > IMPORT_LIMITS.maxFileBytes) {
    add(problem(null, 'file_too_large', `The file is larger than ${IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB.`, { params: { maxMb: IMPORT_LIMITS.maxFileBytes / 1024 / 1024 } }));
    return out;
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    add(decoded.reason === 'empty' ? problem(null, 'file_empty', 'The file is empty.') : problem(null, 'file_binary', 'This is not a FHIR JSON file.'));
    return out;
  }
  const text = decoded.text.trim();
  const resources: Located[] = [];
  let whole: unknown = undefined;
  try {
    whole = JSON.parse(text);
  } catch {
    // Not one JSON document: NDJSON, or broken.
  }
  if (isObj(whole) && whole.resourceType === 'Bundle') {
    out.format = 'fhir-bundle';
    out.bundleType = typeof whole.type === 'string' ? whole.type.slice(0, 40) : null;
    if (!['searchset', 'collection', 'transaction'].includes(out.bundleType ?? '')) {
      add(problem(null, 'fhir_invalid', `A Bundle of type "${out.bundleType ?? '?'}" is not an invitation list (searchset, collection or transaction).`));
      return out;
    }
    const entries = Array.isArray(whole.entry) ? whole.entry : [];
    if (entries.length > IMPORT_LIMITS.maxRows) {
      add(problem(null, 'too_many_rows', `More than ${IMPORT_LIMITS.maxRows} entries: split the file.`, { params: { max: IMPORT_LIMITS.maxRows } }));
      return out;
    }
    entries.forEach((e: unknown, i: number) => {
      if (!isObj(e) || !isObj(e.resource)) add(problem(null, 'fhir_invalid', `Entry ${i}: no resource.`, { entry: i }));
      else resources.push({ resource: e.resource, fullUrl: typeof e.fullUrl === 'string' ? e.fullUrl : null, line: null, entry: i });
    });
  } else if (isObj(whole)) {
    // One resource alone: NDJSON of one line (or that line pretty-printed).
    out.format = 'fhir-ndjson';
    if (typeof whole.resourceType !== 'string') add(problem(1, 'fhir_invalid', 'Line 1: not a FHIR resource.'));
    else resources.push({ resource: whole, fullUrl: null, line: 1, entry: null });
  } else {
    out.format = 'fhir-ndjson';
    const lines = decoded.text.split(/\r?\n/);
    if (lines.length > IMPORT_LIMITS.maxRows + 1) {
      add(problem(null, 'too_many_rows', `More than ${IMPORT_LIMITS.maxRows} lines: split the file.`, { params: { max: IMPORT_LIMITS.maxRows } }));
      return out;
    }
    lines.forEach((l, i) => {
      if (l.trim() === '') return;
      let r: unknown;
      try {
        r = JSON.parse(l);
      } catch {
        add(problem(i + 1, 'json_invalid', `Line ${i + 1}: not a JSON resource.`));
        return;
      }
      if (!isObj(r) || typeof r.resourceType !== 'string') add(problem(i + 1, 'fhir_invalid', `Line ${i + 1}: not a FHIR resource.`));
      else resources.push({ resource: r, fullUrl: null, line: i + 1, entry: null });
    });
  }

  const patients = new Map<string, Json>();
  for (const r of resources) {
    if (r.resource.resourceType !== 'Patient') continue;
    out.patients++;
    if (typeof r.resource.id === 'string') patients.set(`Patient/${r.resource.id}`, r.resource);
    if (r.fullUrl) patients.set(r.fullUrl, r.resource);
  }

  const codes = new Map<string, string>();
  const ids = new Map<string, string>();
  for (const r of resources) {
    const type = r.resource.resourceType;
    if (type === 'Patient') continue;
    if (type !== 'Appointment') {
      out.ignored++;
      continue;
    }
    out.appointments++;
    const where = r.line !== null ? `Line ${r.line}` : `Entry ${r.entry}`;
    const at = { ...(r.entry !== null ? { entry: r.entry } : {}) };
    try {
      const inc = appointmentToInvitation(withPatientsContained(r.resource, patients), ctx, 'import');
      if (!inc) {
        out.skipped++;
        continue;
      }
      const prevId = ids.get(inc.id);
      const prevCode = codes.get(inc.code.toUpperCase());
      if (prevId) add(problem(r.line, 'duplicate_row', `${where}: Appointment/${inc.id} is also at ${prevId}.`, at));
      else if (prevCode) add(problem(r.line, 'duplicate_code', `${where}: invitation code ${inc.code} is also at ${prevCode}.`, { ...at, params: { value: inc.code } }));
      else {
        ids.set(inc.id, where);
        codes.set(inc.code.toUpperCase(), where);
        out.items.push({ incoming: inc, line: r.line, entry: r.entry });
      }
    } catch (e) {
      if (!(e instanceof MappingError)) throw e;
      add(problem(r.line, 'fhir_invalid', `${where}: ${e.message}`, { ...at, params: { value: e.message.slice(0, 200) } }));
    }
  }
  if (out.appointments === 0 && out.problemCount === 0) add(problem(null, 'no_rows', 'The file holds no Appointment.'));
  out.valid = out.items.length;
  if (out.problemCount > 0) out.items = [];
  return out;
}

/**
 * The mapper reads a person from a contained Patient or an SSIN identifier. A file often lists
 * the Patients beside the Appointments instead (`Patient/123`, or `urn:uuid:…` in a transaction):
 * those are copied in as contained resources, so the birth date and phone are not lost.
 */
function withPatientsContained(a: Json, patients: Map<string, Json>): Json {
  if (!Array.isArray(a.participant)) return a;
  const contained: Json[] = Array.isArray(a.contained) ? [...(a.contained as Json[])] : [];
  let changed = false;
  const participant = (a.participant as unknown[]).map((p) => {
    if (!isObj(p) || !isObj(p.actor) || typeof p.actor.reference !== 'string') return p;
    const target = patients.get(p.actor.reference);
    if (!target) return p;
    const id = `pt${contained.length + 1}`;
    contained.push({ ...target, id });
    changed = true;
    return { ...p, actor: { reference: `#${id}` } };
  });
  return changed ? { ...a, participant, contained } : a;
}
