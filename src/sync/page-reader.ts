import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IncomingInvitation } from '../services/invitations/upsert';
import { createHash } from 'node:crypto';
import type { AppointmentQuery, CentralSystem, Page } from './central';
import type { FhirClientOptions } from './fhir/client';
import { appointmentToInvitation, MappingError, patientRefId, type MapContext } from './fhir/mappers';
import { CentralError, type FailureKind } from './retry';

/** An invitation to store, or null for an Appointment that is not one (proposed, waitlisted). */
export type MappedRow = IncomingInvitation | null;

/** An entry VaxDesk could not take: set aside with its reason, the rest of its page stored. */
export interface ParkedEntry {
  resourceType: string;
  resourceId: string;
  versionId: string | null;
  reason: string;
  /** Its meta.lastUpdated when readable: the cursor moves past it like past any other row. */
  lastUpdated: string | null;
}

/** One search page, every entry already checked and mapped. */
export interface MappedPage {
  rows: MappedRow[];
  parked: ParkedEntry[];
  next: string | null;
  total: number | null;
  /** Highest meta.lastUpdated of the page's Patients (the next refresh of people starts there). */
  patientsUpdated: string | null;
  /** Patients the page referenced without including them, fetched in batched `Patient?_id=` requests. */
  patientsFetched: number;
}

/** Fetches Patients by logical id (CentralSystem.searchPatients). */
export type FetchPatients = (ids: readonly string[]) => Promise<unknown[]>;

/** Where the pull gets its pages from: the first page of a search, then each next link. */
export interface AppointmentPages {
  search(q: AppointmentQuery): Promise<MappedPage>;
  next(link: string): Promise<MappedPage>;
  /** Stops the reader; a read still in flight is rejected. */
  close(): void;
}

export const yieldToDesk = () => new Promise<void>((resolve) => setImmediate(resolve));

const str = (v: unknown, max: number): string | null => (typeof v === 'string' && v.length > 0 ? v.slice(0, max) : null);
const instant = (v: unknown): string | null => {
  if (typeof v !== 'string' || v.length > 40) return null;
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
};

/** What can be said of an entry that did not map: its type and id when it has them, else a digest. */
function parkedOf(raw: unknown, reason: string): ParkedEntry {
  const r = (raw && typeof raw === 'object' ? raw : {}) as { resourceType?: unknown; id?: unknown; meta?: { versionId?: unknown; lastUpdated?: unknown } };
  const id = str(r.id, 64) ?? `sha256-${createHash('sha256').update(JSON.stringify(raw) ?? 'undefined').digest('hex').slice(0, 24)}`;
  return { resourceType: str(r.resourceType, 64) ?? '?', resourceId: id, versionId: str(r.meta?.versionId, 64), reason: reason.slice(0, 500), lastUpdated: instant(r.meta?.lastUpdated) };
}

/** Logical ids of the Patients the page's Appointments reference by literal reference. */
function referencedPatients(entries: unknown[]): Set<string> {
  const ids = new Set<string>();
  for (const raw of entries) {
    const participants = (raw as { participant?: unknown } | null)?.participant;
    if (!Array.isArray(participants)) continue;
    for (const p of participants.slice(0, 20)) {
      const id = patientRefId(str((p as { actor?: { reference?: unknown } } | null)?.actor?.reference, 300) ?? undefined);
      if (id) ids.add(id);
    }
  }
  return ids;
}

/** Central's Patients by logical id; a Patient listed twice counts once (the later wins, as in a Bundle). */
function byId(patients: unknown[]): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const p of patients) {
    const id = str((p as { id?: unknown } | null)?.id, 64);
    if (id) m.set(id, p);
  }
  return m;
}

/**
 * Checks and maps every entry of a page. An entry that does not map is parked with its reason,
 * never the page refused: one malformed Appointment must not stop every pull of the center. The
 * Patients referenced but not included are fetched first, in batched requests (a network failure
 * there fails the page, which is read again). With a slice, the event loop is yielded every
 * `slice` entries (a page of 1,000 takes tens of ms).
 */
export async function mapPage(page: Page, ctx: MapContext, slice: number | null, fetchPatients: FetchPatients | null): Promise<MappedPage> {
  const patients = byId(page.included);
  let patientsFetched = 0;
  if (fetchPatients) {
    const missing = [...referencedPatients(page.entries)].filter((id) => !patients.has(id));
    if (missing.length > 0) {
      const fetched = byId(await fetchPatients(missing));
      for (const id of missing) {
        const p = fetched.get(id);
        if (p !== undefined) patients.set(id, p);
      }
      patientsFetched = fetched.size;
    }
  }
  let patientsUpdated: string | null = null;
  for (const p of patients.values()) {
    const at = instant((p as { meta?: { lastUpdated?: unknown } } | null)?.meta?.lastUpdated);
    if (at && (!patientsUpdated || at > patientsUpdated)) patientsUpdated = at;
  }
  const lookup = (id: string) => patients.get(id);
  const rows: MappedRow[] = [];
  const parked: ParkedEntry[] = [];
  for (let i = 0; i < page.entries.length; i++) {
    if (slice !== null && i > 0 && i % slice === 0) await yieldToDesk();
    const raw = page.entries[i];
    try {
      rows.push(appointmentToInvitation(raw, ctx, 'central', lookup));
    } catch (e) {
      if (!(e instanceof MappingError)) throw e;
      parked.push(parkedOf(raw, e.message));
    }
  }
  return { rows, parked, next: page.next, total: page.total, patientsUpdated, patientsFetched };
}

/**
 * Pages read and mapped on the desk's own thread, for any CentralSystem. `slice` is asked when a
 * page is mapped: a number while someone works at the desk, null otherwise.
 */
export function inlinePages(central: CentralSystem, ctx: MapContext, slice: () => number | null = () => null): AppointmentPages {
  const fetch: FetchPatients | null = central.searchPatients ? (ids) => central.searchPatients!(ids) : null;
  const mapped = (p: Page): Promise<MappedPage> => mapPage(p, ctx, slice(), fetch);
  return {
    search: async (q) => mapped(await central.searchAppointments(q)),
    next: async (link) => mapped(await central.nextPage(link)),
    close() {},
  };
}

// ---- the thread ----

/** How a pull wants its pages read. */
export interface ReadOptions {
  /** Asked as each page is mapped on the desk's thread: rows between yields, or null for none. */
  slice: () => number | null;
  /** How many pages a reader with a thread of its own may fetch before they are asked for. */
  aheadPages: number;
}

/** What the reader thread needs: plain data only (a function cannot cross into a thread). */
export interface ReaderData {
  client: Omit<FhirClientOptions, 'now'>;
  ctx: MapContext;
  aheadPages: number;
}

export type ReaderAsk = { op: 'search'; query: AppointmentQuery } | { op: 'next'; link: string };
export type ReaderRequest = { id: number; op: 'search'; query: AppointmentQuery } | { id: number; op: 'next'; link: string };

export type WireError = { central: true; kind: FailureKind; message: string; status: number | null; retryAfterMs: number | null } | { central: false; message: string };

export type ReaderReply = ({ id: number; ok: true } & MappedPage) | { id: number; ok: false; error: WireError };

export function errorToWire(e: unknown): WireError {
  if (e instanceof CentralError) return { central: true, kind: e.kind, message: e.message, status: e.status, retryAfterMs: e.retryAfterMs };
  return { central: false, message: e instanceof Error ? e.message : String(e) };
}

function errorFromWire(w: WireError): Error {
  return w.central ? new CentralError(w.kind, w.message, w.status, w.retryAfterMs) : new Error(w.message);
}

/**
 * The reader thread's script: the bundled `page-reader.js` beside the app's bundle (dist/ for the
 * CLI, dist/electron/ for Electron, which loads workers from inside app.asar), or the TypeScript
 * source through tsx when running from the source tree (tests, benchmark).
 */
function startThread(data: ReaderData, dir: string): Worker {
  const built = path.join(dir, 'page-reader.js');
  if (fs.existsSync(built)) return new Worker(built, { workerData: data });
  const source = path.join(__dirname, 'page-reader.worker.ts');
  if (!fs.existsSync(source)) throw new Error(`no page reader script in ${__dirname}`);
  const tsx = createRequire(__filename).resolve('tsx/cjs');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(source)});`, { eval: true, workerData: data });
}

interface Pending {
  resolve(p: MappedPage): void;
  reject(e: unknown): void;
  /** The same read on the desk's thread, should the reader thread die under it. */
  inline(): Promise<MappedPage>;
}

/**
 * Pages fetched, parsed, checked and mapped on a thread of their own, so that on a two-core desk
 * the next page is ready while this one is being stored (fetching and checking is a fifth of a
 * first pull when done in line). What crosses back is only the mapped rows. If the thread cannot
 * start or dies, every read, including those in flight, is done by `fallback` on the desk's thread.
 */
export function threadedPages(data: ReaderData, fallback: () => AppointmentPages, scriptDir = __dirname): AppointmentPages & { onThread(): boolean } {
  let inline: AppointmentPages | null = null;
  const onDeskThread = () => (inline ??= fallback());
  const pending = new Map<number, Pending>();
  let seq = 0;
  let closed = false;
  let worker: Worker | null = null;

  const lost = (why: unknown) => {
    if (!worker || closed) return;
    worker = null;
    console.error('[vaxdesk] the page reader thread stopped; pages are read on the desk thread', why);
    for (const [id, p] of pending) {
      pending.delete(id);
      p.inline().then(p.resolve, p.reject);
    }
  };
  try {
    worker = startThread(data, scriptDir);
    worker.on('message', (m: ReaderReply) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.ok) p.resolve({ rows: m.rows, parked: m.parked, next: m.next, total: m.total, patientsUpdated: m.patientsUpdated, patientsFetched: m.patientsFetched });
      else p.reject(errorFromWire(m.error));
    });
    worker.on('error', lost);
    worker.on('exit', (code) => lost(new Error(`exit code ${code}`)));
  } catch (e) {
    console.error('[vaxdesk] no page reader thread; pages are read on the desk thread', e);
    worker = null;
  }

  const ask = (req: ReaderAsk, onDesk: () => Promise<MappedPage>): Promise<MappedPage> => {
    if (closed) return Promise.reject(new CentralError('network', 'the page reader is closed'));
    if (!worker) return onDesk();
    const w = worker;
    return new Promise<MappedPage>((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject, inline: onDesk });
      w.postMessage({ ...req, id } satisfies ReaderRequest);
    });
  };

  return {
    onThread: () => worker !== null,
    search: (query) => ask({ op: 'search', query }, () => onDeskThread().search(query)),
    next: (link) => ask({ op: 'next', link }, () => onDeskThread().next(link)),
    close() {
      if (closed) return;
      closed = true;
      for (const p of pending.values()) p.reject(new CentralError('network', 'the page reader is closed'));
      pending.clear();
      void worker?.terminate();
      worker = null;
    },
  };
}
