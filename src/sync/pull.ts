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
}

export const DEFAULT_PULL: PullOptions = { pageSize: 1000, overlapMs: 5_000, pastDays: 7, futureDays: 90, fullEveryMs: 24 * 3_600_000, maxPages: 5_000 };

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
}

/** Checks every entry of a page before anything is stored: one bad entry refuses the page. */
function mapPage(page: Page, centerId: string, locationId: string): (IncomingInvitation | null)[] {
  return page.entries.map((raw) => {
    try {
      return appointmentToInvitation(raw, { centerId, locationId });
    } catch (e) {
      if (e instanceof MappingError) throw new CentralError('invalid', `malformed page: ${e.message}`);
      throw e;
    }
  });
}

/**
 * Pulls the invitations of this center's Location in the date window, page by page: each page
 * and the cursor commit in one transaction, so a crash resumes where it stopped and memory
 * holds one page at a time.
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

  for (;;) {
    const mapped = mapPage(page, ctx.centerId, ctx.locationId);
    const at = ctx.now().toISOString();
    store.tx(() => {
      let cursor = state.cursor;
      for (const inc of mapped) {
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
        if (inc.lastUpdated && (!cursor || inc.lastUpdated > cursor)) cursor = inc.lastUpdated;
      }
      state = { ...state, cursor };
      store.settings.put(PULL_KEY, state);
    });
    r.pages++;
    r.entries += mapped.length;
    ctx.onProgress?.(r);
    ctx.onPageCommitted?.(r, state);
    if (!page.next || page.entries.length === 0) break;
    if (r.pages >= o.maxPages) throw new CentralError('invalid', `more than ${o.maxPages} pages: stopped following next links`);
    page = await central.nextPage(page.next);
  }

  if (state.fullPending) {
    state = { ...state, fullPending: false, lastFullAt: now.toISOString() };
    store.tx(() => store.settings.put(PULL_KEY, state));
  }
  return r;
}
