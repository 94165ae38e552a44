import type { Db } from './open';
import { FEED_TABLES, type FeedTable } from './migrations/0063-hub-feed';
import type { Row } from './hub';

/** Tables whose rows name an invitation that must hold only one of them (UNIQUE invitation_id). */
const ONE_PER_INVITATION = new Set<FeedTable>(['arrivals', 'outcomes']);

/**
 * Tables a snapshot replaces, children before parents (foreign keys stay on). Desk-local rows
 * that point at replaced invitations (standby calls, closures' no-show lists) go too: the hub's
 * rows come back with the snapshot.
 */
const SNAPSHOT_CLEAR = ['day_closure_noshows', 'standby_calls', 'standby', 'late_entries', 'outcomes', 'arrivals', 'dose_events', 'day_closures', 'invitations', 'people', 'lots', 'day_plans'];

export class CopyRowError extends Error {}

/**
 * The desk's copy of the hub's rows. Rows come from the network: every column name is checked
 * against the table's own columns (the copy has the hub's schema) and every value is bound.
 */
export function copyRepo(db: Db) {
  const columns = new Map<string, Set<string>>();
  const columnsOf = (tbl: FeedTable) => {
    let c = columns.get(tbl);
    if (!c) columns.set(tbl, (c = new Set((db.pragma(`table_info(${tbl})`) as { name: string }[]).map((x) => x.name))));
    return c;
  };
  const stmts = new Map<string, ReturnType<Db['prepare']>>();
  type Stmt = { run(...a: unknown[]): unknown; get(...a: unknown[]): unknown; all(...a: unknown[]): unknown[] };
  const prepared = (sql: string): Stmt => {
    let s = stmts.get(sql);
    if (!s) stmts.set(sql, (s = db.prepare(sql)));
    return s as unknown as Stmt;
  };

  function checkRow(tbl: FeedTable, row: Row): string[] {
    const known = columnsOf(tbl);
    const cols = Object.keys(row);
    for (const c of cols) if (!known.has(c)) throw new CopyRowError(`${tbl} has no column ${c.slice(0, 40)}`);
    for (const c of cols) {
      const v = row[c];
      if (v !== null && typeof v !== 'string' && typeof v !== 'number') throw new CopyRowError(`${tbl}.${c} is not a plain value`);
    }
    if (!cols.includes(FEED_TABLES[tbl])) throw new CopyRowError(`${tbl} row without its key`);
    return cols;
  }

  return {
    /** Writes the hub's version of a row (insert or replace its columns). */
    upsert(tbl: FeedTable, row: Row): void {
      const cols = checkRow(tbl, row);
      const key = FEED_TABLES[tbl];
      if (ONE_PER_INVITATION.has(tbl)) {
        // The desk's own offline arrival for this invitation gives way to the hub's.
        prepared(`DELETE FROM ${tbl} WHERE invitation_id = ? AND id <> ?`).run(row.invitation_id as string, row.id as string);
      }
      const set = cols.filter((c) => c !== key).map((c) => `${c} = excluded.${c}`);
      const sql = `INSERT INTO ${tbl} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ON CONFLICT (${key}) ${set.length ? `DO UPDATE SET ${set.join(', ')}` : 'DO NOTHING'}`;
      prepared(sql).run(...cols.map((c) => row[c]));
    },
    remove(tbl: FeedTable, key: string): void {
      prepared(`DELETE FROM ${tbl} WHERE ${FEED_TABLES[tbl]} = ?`).run(tbl === 'dose_events' ? Number(key) : key);
    },
    has: (tbl: FeedTable, key: string) => prepared(`SELECT 1 FROM ${tbl} WHERE ${FEED_TABLES[tbl]} = ?`).get(key) !== undefined,
    /** Empties the replicated tables before a snapshot is written into them. */
    clearForSnapshot(): void {
      for (const t of SNAPSHOT_CLEAR) prepared(`DELETE FROM ${t}`).run();
    },
    /** Reads every row of a table, or an invitation window: for the hub's snapshot. */
    all: (tbl: FeedTable): Row[] => prepared(`SELECT * FROM ${tbl}`).all() as Row[],
    invitationsBetween: (from: string, to: string): Row[] => prepared(`SELECT * FROM invitations WHERE day BETWEEN ? AND ?`).all(from, to) as Row[],
    peopleOfInvitationsBetween: (from: string, to: string): Row[] =>
      prepared(`SELECT * FROM people WHERE id IN (SELECT person_id FROM invitations WHERE day BETWEEN ? AND ?)`).all(from, to) as Row[],
    personHasInvitationBetween: (personId: string, from: string, to: string): boolean =>
      prepared(`SELECT 1 FROM invitations WHERE person_id = ? AND day BETWEEN ? AND ? LIMIT 1`).get(personId, from, to) !== undefined,
    rowsOfInvitationsBetween: (tbl: 'arrivals' | 'outcomes', from: string, to: string): Row[] =>
      prepared(`SELECT * FROM ${tbl} WHERE invitation_id IN (SELECT id FROM invitations WHERE day BETWEEN ? AND ?)`).all(from, to) as Row[],
  };
}
export type CopyRepo = ReturnType<typeof copyRepo>;
