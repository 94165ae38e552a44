import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { IncomingInvitation } from '../services/invitations/upsert';
import type { AppointmentQuery, CentralSystem } from './central';
import type { FhirClientOptions } from './fhir/client';
import { appointmentToInvitation, MappingError, type MapContext } from './fhir/mappers';
import { CentralError, type FailureKind } from './retry';

/** An invitation to store, or null for an Appointment that is not one (proposed, waitlisted). */
export type MappedRow = IncomingInvitation | null;

/** One search page, every entry already checked and mapped. */
export interface MappedPage {
  rows: MappedRow[];
  next: string | null;
  total: number | null;
}

/** Where the pull gets its pages from: the first page of a search, then each next link. */
export interface AppointmentPages {
  search(q: AppointmentQuery): Promise<MappedPage>;
  next(link: string): Promise<MappedPage>;
  /** Stops the reader; a read still in flight is rejected. */
  close(): void;
}

export const yieldToDesk = () => new Promise<void>((resolve) => setImmediate(resolve));

export function mapEntry(raw: unknown, ctx: MapContext): MappedRow {
  try {
    return appointmentToInvitation(raw, ctx);
  } catch (e) {
    if (e instanceof MappingError) throw new CentralError('invalid', `malformed page: ${e.message}`);
    throw e;
  }
}

/**
 * Checks every entry of a page before anything is stored: one bad entry refuses the page. With a
 * slice, the event loop is yielded every `slice` entries (a page of 1,000 takes tens of ms).
 */
export async function mapEntries(entries: unknown[], ctx: MapContext, slice: number | null): Promise<MappedRow[]> {
  if (slice === null) return entries.map((raw) => mapEntry(raw, ctx));
  const out: MappedRow[] = [];
  for (let i = 0; i < entries.length; i++) {
    if (i > 0 && i % slice === 0) await yieldToDesk();
    out.push(mapEntry(entries[i], ctx));
  }
  return out;
}

/**
 * Pages read and mapped on the desk's own thread, for any CentralSystem. `slice` is asked when a
 * page is mapped: a number while someone works at the desk, null otherwise.
 */
export function inlinePages(central: CentralSystem, ctx: MapContext, slice: () => number | null = () => null): AppointmentPages {
  const mapped = async (p: { entries: unknown[]; next: string | null; total: number | null }): Promise<MappedPage> => ({
    rows: await mapEntries(p.entries, ctx, slice()),
    next: p.next,
    total: p.total,
  });
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
      if (m.ok) p.resolve({ rows: m.rows, next: m.next, total: m.total });
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
      worker?.terminate().catch((e: unknown) => console.error('[vaxdesk] page reader thread did not stop', e));
      worker = null;
    },
  };
}
