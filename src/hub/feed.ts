import { z } from 'zod';
import type { Core } from '../services/context';
import type { Store } from '../db/store';
import { FEED_TABLES, type FeedTable, type Row } from '../db/hub';
import { addDays, localDate } from '../domain/time';

/** How far the desk's copy of invitations (and their people) reaches: yesterday to two days ahead. */
export const WINDOW_BEFORE = 1;
export const WINDOW_AFTER = 2;
export const FEED_PAGE = 1000;
/** Feed entries the hub keeps; a desk further behind than this gets a snapshot. */
export const FEED_KEEP = 200_000;

export function windowOf(now: Date): { from: string; to: string } {
  const today = localDate(now);
  return { from: addDays(today, -WINDOW_BEFORE), to: addDays(today, WINDOW_AFTER) };
}

const TableName = z.enum(Object.keys(FEED_TABLES) as [FeedTable, ...FeedTable[]]);
const Value = z.union([z.string().max(20_000), z.number(), z.null()]);
const RowSchema = z.record(z.string().max(64), Value);
const Change = z.strictObject({ tbl: TableName, key: z.string().max(64), row: RowSchema.nullable() });
export const FeedPageSchema = z.strictObject({
  snapshot: z.literal(false),
  changes: z.array(Change).max(FEED_PAGE * 2),
  next: z.number().int().min(0),
  newest: z.number().int().min(0),
});
export const SnapshotSchema = z.strictObject({
  snapshot: z.literal(true),
  seq: z.number().int().min(0),
  tables: z.record(TableName, z.array(RowSchema).max(2_000_000)),
});
export type FeedPage = z.infer<typeof FeedPageSchema>;
export type Snapshot = z.infer<typeof SnapshotSchema>;
type Change = z.infer<typeof Change>;

/** Rows a desk copies whatever their day (stock, staff, plans); invitations and people by window. */
const WHOLE: FeedTable[] = ['products', 'staff', 'lots', 'dose_events', 'day_plans', 'day_closures'];
/** Parents before children, so foreign keys hold row by row. */
const ORDER: FeedTable[] = [...WHOLE, 'people', 'invitations', 'arrivals', 'outcomes'];

function forDesk(tbl: FeedTable, row: Row): Row {
  // Plan templates stay on the hub; the desk's day plan stands alone.
  return tbl === 'day_plans' ? { ...row, template_id: null } : row;
}

function inWindow(store: Store, tbl: FeedTable, row: Row, w: { from: string; to: string }): boolean {
  switch (tbl) {
    case 'invitations':
      return typeof row.day === 'string' && row.day >= w.from && row.day <= w.to;
    case 'people':
    case 'arrivals':
    case 'outcomes': {
      const invId = tbl === 'people' ? null : (row.invitation_id as string);
      if (invId) {
        const inv = store.hub.row('invitations', invId);
        return !!inv && inWindow(store, 'invitations', inv, w);
      }
      return personInWindow(store, row.id as string, w);
    }
    case 'products':
    case 'staff':
    case 'lots':
    case 'dose_events':
    case 'day_plans':
    case 'day_closures':
      return true;
    default: {
      const never: never = tbl;
      throw new Error(`no window rule for ${String(never)}`);
    }
  }
}

function personInWindow(store: Store, personId: string, w: { from: string; to: string }): boolean {
  return store.copy.personHasInvitationBetween(personId, w.from, w.to);
}

/**
 * One page of the feed after `since`: each changed row as it is now (null when deleted), in
 * sequence order, a row changed twice in the page sent once. An invitation brings its person
 * along, so the desk can write it whatever the desk held before.
 */
export function feedPage(core: Core, since: number, limit = FEED_PAGE): FeedPage | { snapshot: true } {
  const { store } = core;
  const { oldest, newest } = store.hub.feedBounds();
  // Never synced, ahead of this hub (another hub's numbers), or behind what is kept: start over.
  if (since <= 0 || since > newest || (oldest !== null && since < oldest - 1)) return { snapshot: true };
  const entries = store.hub.feedAfter(since, limit);
  const w = windowOf(core.clock());
  // A row changed twice is sent once, at its FIRST place with its current content: a parent's first
  // change (its creation) comes before its children's, so every child finds its parent written.
  const sent = new Set<string>();
  const changes: Change[] = [];
  entries.forEach((e) => {
    const id = `${e.tbl}:${e.key}`;
    if (sent.has(id)) return;
    sent.add(id);
    const row = store.hub.row(e.tbl, e.key);
    if (!row) return void changes.push({ tbl: e.tbl, key: e.key, row: null });
    if (!inWindow(store, e.tbl, row, w)) return;
    if (e.tbl === 'invitations') {
      const person = store.hub.row('people', row.person_id as string);
      if (person) changes.push({ tbl: 'people', key: String(person.id), row: person });
    }
    changes.push({ tbl: e.tbl, key: e.key, row: forDesk(e.tbl, row) });
  });
  return { snapshot: false, changes, next: entries.length ? entries[entries.length - 1]!.seq : since, newest };
}

/** Everything a desk needs to work alone, read in one transaction with the feed position it matches. */
export function snapshot(core: Core): Snapshot {
  const { store } = core;
  const w = windowOf(core.clock());
  return store.db.transaction(() => {
    const tables: Partial<Record<FeedTable, Row[]>> = {};
    for (const t of WHOLE) tables[t] = store.copy.all(t).map((r) => forDesk(t, r));
    tables.people = store.copy.peopleOfInvitationsBetween(w.from, w.to);
    tables.invitations = store.copy.invitationsBetween(w.from, w.to);
    tables.arrivals = store.copy.rowsOfInvitationsBetween('arrivals', w.from, w.to);
    tables.outcomes = store.copy.rowsOfInvitationsBetween('outcomes', w.from, w.to);
    return { snapshot: true as const, seq: store.hub.feedBounds().newest, tables: tables as Record<FeedTable, Row[]> };
  }).deferred();
}

/** Keeps the newest FEED_KEEP entries; a desk behind that gets a snapshot. */
export function pruneFeed(core: Core, keep = FEED_KEEP): number {
  const { newest } = core.store.hub.feedBounds();
  return newest > keep ? core.store.tx(() => core.store.hub.pruneFeed(newest - keep)) : 0;
}

// ---- the desk's side ----------------------------------------------------------------------

const CURSOR = 'hub.cursor';
export const cursorOf = (store: Store): number => store.settings.get<number>(CURSOR) ?? 0;

function writeRow(store: Store, tbl: FeedTable, row: Row): void {
  store.copy.upsert(tbl, row);
  if (tbl === 'people') {
    // person_tokens (name search) are the people repository's to write.
    store.people.update(
      { id: row.id as string, niss: (row.niss as string | null) ?? null, familyName: row.family_name as string, givenName: row.given_name as string, birthDate: (row.birth_date as string | null) ?? null, phone: (row.phone as string | null) ?? null },
      row.updated_at as string,
    );
  }
}

/** Applies a snapshot to the desk's copy in one transaction: the copy is the hub's window, nothing else. */
export function applySnapshot(store: Store, snap: Snapshot): void {
  store.txBulk(() => {
    store.copy.clearForSnapshot();
    for (const t of ORDER) for (const r of snap.tables[t] ?? []) writeRow(store, t, r);
    store.settings.put(CURSOR, snap.seq);
  });
}

/**
 * Applies a feed page in one transaction. A row whose parent the copy does not hold (an arrival
 * for an invitation outside the window) is skipped: the window's rows always come with parents.
 */
export function applyFeedPage(store: Store, page: FeedPage): { applied: number; skipped: number } {
  let applied = 0;
  let skipped = 0;
  store.txBulk(() => {
    for (const c of page.changes) {
      if (c.row === null) {
        store.copy.remove(c.tbl, c.key);
        applied++;
        continue;
      }
      if ((c.tbl === 'arrivals' || c.tbl === 'outcomes') && !store.copy.has('invitations', String(c.row.invitation_id))) {
        skipped++;
        continue;
      }
      writeRow(store, c.tbl, c.row);
      applied++;
    }
    store.settings.put(CURSOR, page.next);
  });
  return { applied, skipped };
}
