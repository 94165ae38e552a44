import type { Store } from '../db/store';
import { addDays, brusselsInstant, localDate } from '../domain/time';
import { upsertInvitation, UpsertConflict, type IncomingInvitation } from '../services/invitations/upsert';
import type { CentralSystem, Page } from './central';
import { appointmentToInvitation, MappingError } from './fhir/mappers';
import { CentralError } from './retry';
import { PULL_KEY, type PullState } from './settings';

export interface PullOptions {
  pageSize: number;
  /** How far before the cursor a pull starts again: central's commits are not strictly ordered by lastUpdated. */
  overlapMs: number;
  pastDays: number;
  futureDays: number;
  /** A full resync of the window at least this often. */
  fullEveryMs: number;
  /** Largest number of pages one pull follows (a next link that loops must end). */
  maxPages: number;
  /** While the desk is quiet: pages are gathered and committed together, up to about this many rows. */
  batchRows: number;
  /** While someone works at the desk: rows per transaction, with the event loop yielded between them. */
  sliceRows: number;
}

// Why two sizes: every commit rewrites each index leaf it touched, and the leaves of random keys
// (ids, codes, national numbers, name tokens) are touched once per row; a commit of 5,000 rows
// shares far more of them than ten commits of 500 (the first pull of a region is 1.7x faster).
// But a 5,000-row transaction holds the one connection for about half a second, so while a
// receptionist works the pull writes 20 rows at a time (a few milliseconds) and lets every click
// go first.
export const DEFAULT_PULL: PullOptions = {
  pageSize: 1000,
  overlapMs: 5_000,
  pastDays: 7,
  futureDays: 90,
  fullEveryMs: 24 * 3_600_000,
  maxPages: 5_000,
  batchRows: 5_000,
  sliceRows: 20,
};

export interface PullProgress {
  pages: number;
  entries: number;
  total: number | null;
  full: boolean;
}

export interface PullResult extends PullProgress {
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  conflicts: string[];
}

export interface PullContext {
  store: Store;
  central: CentralSystem;
  centerId: string;
  locationId: string;
  now: () => Date;
  opts: PullOptions;
  onProgress?: (p: PullProgress) => void;
  /** Called after each committed page (tests kill the process here). */
  onPageCommitted?: (p: PullProgress, state: PullState) => void;
  /** True while staff are working at the desk: the pull then writes in small slices and yields. */
  deskBusy?: () => boolean;
}

type Mapped = IncomingInvitation | null;

const yieldToDesk = () => new Promise<void>((resolve) => setImmediate(resolve));

function mapEntry(raw: unknown, centerId: string, locationId: string): Mapped {
  try {
    return appointmentToInvitation(raw, { centerId, locationId });
  } catch (e) {
    if (e instanceof MappingError) throw new CentralError('invalid', `malformed page: ${e.message}`);
    throw e;
  }
}

/**
 * Checks every entry of a page before anything is stored: one bad entry refuses the page. While
 * the desk is busy the checks run in slices too (a page of 1,000 takes tens of milliseconds).
 */
async function mapPage(page: Page, centerId: string, locationId: string, slice: number | null): Promise<Mapped[]> {
  if (slice === null) return page.entries.map((raw) => mapEntry(raw, centerId, locationId));
  const out: Mapped[] = [];
  for (let i = 0; i < page.entries.length; i++) {
    if (i > 0 && i % slice === 0) await yieldToDesk();
    out.push(mapEntry(page.entries[i], centerId, locationId));
  }
  return out;
}

/**
 * Pulls the invitations of this center's Location in the date window, page by page. The cursor
 * only ever moves with the last row of a page in the same transaction, so a crash resumes at the
 * first page not wholly stored (re-storing a page is harmless: unchanged versions are skipped).
 * Memory holds at most one batch of pages.
 */
export async function pullInvitations(ctx: PullContext, opts: { full?: boolean } = {}): Promise<PullResult> {
  const { store, central, opts: o } = ctx;
  const now = ctx.now();
  const today = localDate(now);
  const windowFrom = addDays(today, -o.pastDays);
  const windowTo = addDays(today, o.futureDays);
  const prev = store.settings.get<PullState>(PULL_KEY);

  let state: PullState;
  const stale = !prev || prev.locationId !== ctx.locationId || prev.cursor === null || windowTo > prev.windowTo || windowFrom < prev.windowFrom;
  const due = !prev?.lastFullAt || now.getTime() - Date.parse(prev.lastFullAt) >= o.fullEveryMs;
  if (prev && prev.fullPending && prev.locationId === ctx.locationId && !opts.full) {
    // A full resync was interrupted: carry on from its cursor.
    state = { ...prev, windowFrom: prev.windowFrom < windowFrom ? prev.windowFrom : windowFrom, windowTo: prev.windowTo > windowTo ? prev.windowTo : windowTo };
  } else if (opts.full || stale || due) {
    state = { locationId: ctx.locationId, cursor: null, windowFrom, windowTo, fullPending: true, lastFullAt: prev?.lastFullAt ?? null };
  } else {
    state = { ...prev!, windowFrom, windowTo };
  }
  store.tx(() => store.settings.put(PULL_KEY, state));

  const r: PullResult = { pages: 0, entries: 0, total: null, full: state.fullPending, inserted: 0, updated: 0, unchanged: 0, skipped: 0, conflicts: [] };
  const query = (since: string | null) =>
    central.searchAppointments({
      locationId: ctx.locationId,
      from: brusselsInstant(state.windowFrom, '00:00').toISOString(),
      to: brusselsInstant(addDays(state.windowTo, 1), '00:00').toISOString(),
      since,
      count: o.pageSize,
    });

  const since = state.cursor ? new Date(Date.parse(state.cursor) - o.overlapMs).toISOString() : null;
  let page: Page;
  try {
    page = await query(since);
  } catch (e) {
    // Central refusing our cursor (too old, purged history, a changed server) means: resync the window.
    if (!(since && e instanceof CentralError && e.kind === 'http' && (e.status === 400 || e.status === 410 || e.status === 422))) throw e;
    state = { ...state, cursor: null, fullPending: true };
    store.tx(() => store.settings.put(PULL_KEY, state));
    r.full = true;
    page = await query(null);
  }
  r.total = page.total;
  ctx.onProgress?.(r);

  /** Stores rows [from, to) of a page; the caller's transaction decides what commits together. */
  const store_ = (rows: Mapped[], from: number, to: number, at: string) => {
    for (let i = from; i < to; i++) {
      const inc = rows[i];
      if (!inc) {
        r.skipped++;
        continue;
      }
      try {
        r[upsertInvitation(store, inc, at)]++;
      } catch (e) {
        // One invitation whose printed code collides with another cannot block the center's pull.
        if (!(e instanceof UpsertConflict)) throw e;
        r.conflicts.push(e.message);
      }
    }
  };
  const advance = (rows: Mapped[]) => {
    let cursor = state.cursor;
    for (const inc of rows) if (inc?.lastUpdated && (!cursor || inc.lastUpdated > cursor)) cursor = inc.lastUpdated;
    state = { ...state, cursor };
    store.settings.put(PULL_KEY, state);
  };
  const committed = (rows: Mapped[]) => {
    r.pages++;
    r.entries += rows.length;
    ctx.onProgress?.(r);
    ctx.onPageCommitted?.(r, state);
  };
  let batch: Mapped[][] = [];
  let batchRows = 0;
  const commitBatch = () => {
    if (batch.length === 0) return;
    const pages = batch;
    batch = [];
    batchRows = 0;
    const at = ctx.now().toISOString();
    store.tx(() => {
      for (const rows of pages) {
        store_(rows, 0, rows.length, at);
        advance(rows);
      }
    });
    for (const rows of pages) committed(rows);
  };
  const commitGently = async (rows: Mapped[]) => {
    for (let from = 0; from < rows.length || from === 0; from += o.sliceRows) {
      const to = Math.min(rows.length, from + o.sliceRows);
      const at = ctx.now().toISOString();
      store.tx(() => {
        store_(rows, from, to, at);
        if (to === rows.length) advance(rows);
      });
      if (to === rows.length) break;
      await yieldToDesk();
    }
    committed(rows);
    await yieldToDesk();
  };

  try {
    for (;;) {
      const gentle = ctx.deskBusy?.() ?? false;
      const rows = await mapPage(page, ctx.centerId, ctx.locationId, gentle ? o.sliceRows : null);
      const last = !page.next || page.entries.length === 0;
      if (gentle) {
        // Whatever was gathered while the desk was quiet goes first, in one commit.
        commitBatch();
        await commitGently(rows);
      } else {
        batch.push(rows);
        batchRows += rows.length;
        if (batchRows >= o.batchRows || last) commitBatch();
      }
      if (last) break;
      if (r.pages + batch.length >= o.maxPages) throw new CentralError('invalid', `more than ${o.maxPages} pages: stopped following next links`);
      page = await central.nextPage(page.next!);
    }
  } catch (e) {
    // Pages already checked are kept when a later page fails: the next pull starts after them.
    commitBatch();
    throw e;
  }

  if (state.fullPending) {
    state = { ...state, fullPending: false, lastFullAt: now.toISOString() };
    store.tx(() => store.settings.put(PULL_KEY, state));
  }
  return r;
}
