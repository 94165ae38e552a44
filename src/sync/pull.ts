import type { Store } from '../db/store';
import { addDays, brusselsInstant, localDate } from '../domain/time';
import { upsertInvitation, UpsertConflict } from '../services/invitations/upsert';
import type { CentralSystem } from './central';
import { inlinePages, yieldToDesk, type AppointmentPages, type MappedPage, type MappedRow } from './page-reader';
import { CentralError } from './retry';
import { centerSystemsOf, PULL_KEY, type PullState } from './settings';

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

/**
 * How long the pull waits, while staff work, once the WAL is past the backstop: two rounds of the
 * checkpoint thread (src/db/checkpointer.ts), so it can copy everything and the WAL can start over.
 */
const WAL_PAUSE_MS = 1_000;

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
  const mapCtx = { centerId: ctx.centerId, locationId: ctx.locationId, own: centerSystemsOf(ctx.store) };
  const slice = () => ((ctx.deskBusy?.() ?? false) ? o.sliceRows : null);
  // Read ahead by up to a quiet batch: the next batch is ready by the time this one is committed.
  const aheadPages = Math.max(1, Math.ceil(o.batchRows / o.pageSize));
  const reader: AppointmentPages = central.appointmentPages?.(mapCtx, { slice, aheadPages }) ?? inlinePages(central, mapCtx, slice);
  const query = (since: string | null) =>
    reader.search({
      locationId: ctx.locationId,
      from: brusselsInstant(state.windowFrom, '00:00').toISOString(),
      to: brusselsInstant(addDays(state.windowTo, 1), '00:00').toISOString(),
      since,
      count: o.pageSize,
    });

  const firstPage = async (): Promise<MappedPage> => {
    const since = state.cursor ? new Date(Date.parse(state.cursor) - o.overlapMs).toISOString() : null;
    try {
      return await query(since);
    } catch (e) {
      // Central refusing our cursor (too old, purged history, a changed server) means: resync the window.
      if (!(since && e instanceof CentralError && e.kind === 'http' && (e.status === 400 || e.status === 410 || e.status === 422))) throw e;
      state = { ...state, cursor: null, fullPending: true };
      store.tx(() => store.settings.put(PULL_KEY, state));
      r.full = true;
      return query(null);
    }
  };

  /** Stores rows [from, to) of a page; the caller's transaction decides what commits together. */
  const store_ = (rows: MappedRow[], from: number, to: number, at: string) => {
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
  const advance = (rows: MappedRow[]) => {
    let cursor = state.cursor;
    for (const inc of rows) if (inc?.lastUpdated && (!cursor || inc.lastUpdated > cursor)) cursor = inc.lastUpdated;
    state = { ...state, cursor };
    store.settings.put(PULL_KEY, state);
  };
  const committed = (rows: MappedRow[]) => {
    r.pages++;
    r.entries += rows.length;
    ctx.onProgress?.(r);
    ctx.onPageCommitted?.(r, state);
  };
  let batch: MappedRow[][] = [];
  let batchRows = 0;
  const commitBatch = () => {
    if (batch.length === 0) return;
    const pages = batch;
    batch = [];
    batchRows = 0;
    const at = ctx.now().toISOString();
    store.txBulk(() => {
      for (const rows of pages) {
        store_(rows, 0, rows.length, at);
        advance(rows);
      }
    });
    for (const rows of pages) committed(rows);
  };
  const commitGently = async (rows: MappedRow[]) => {
    for (let from = 0; from < rows.length || from === 0; from += o.sliceRows) {
      const to = Math.min(rows.length, from + o.sliceRows);
      const at = ctx.now().toISOString();
      store.tx(() => {
        store_(rows, from, to, at);
        if (to === rows.length) advance(rows);
      });
      if (store.walPastBackstop()) {
        // The pull, not the desk, waits: the checkpoint thread catches up and the next write starts
        // the WAL over. Copying the rest here instead stalled check-ins for 350 ms.
        await new Promise((resolve) => setTimeout(resolve, WAL_PAUSE_MS));
      }
      if (to === rows.length) break;
      await yieldToDesk();
    }
    committed(rows);
    await yieldToDesk();
  };

  try {
    let page = await firstPage();
    r.total = page.total;
    ctx.onProgress?.(r);
    for (;;) {
      const { rows } = page;
      const last = !page.next || rows.length === 0;
      const tooMany = !last && r.pages + batch.length + 1 >= o.maxPages;
      // The next page is asked for before this one is stored: a reader with a thread of its own
      // fetches and checks it meanwhile. A failure of it is seen where it is awaited, below.
      const ahead = last || tooMany ? null : reader.next(page.next!);
      ahead?.catch(() => {});
      if (ctx.deskBusy?.() ?? false) {
        // Whatever was gathered while the desk was quiet goes first, in one commit.
        commitBatch();
        await commitGently(rows);
      } else {
        batch.push(rows);
        batchRows += rows.length;
        if (batchRows >= o.batchRows || last) commitBatch();
      }
      if (last) break;
      if (tooMany) throw new CentralError('invalid', `more than ${o.maxPages} pages: stopped following next links`);
      page = await ahead!;
    }
  } catch (e) {
    // Pages already checked are kept when a later page fails: the next pull starts after them.
    commitBatch();
    throw e;
  } finally {
    reader.close();
  }

  if (state.fullPending) {
    state = { ...state, fullPending: false, lastFullAt: now.toISOString() };
    store.tx(() => store.settings.put(PULL_KEY, state));
  }
  return r;
}
