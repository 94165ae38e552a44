import type { Db } from './open';
import { FEED_TABLES, type FeedTable } from './migrations/0063-hub-feed';

export { FEED_TABLES, type FeedTable };

export interface HubDesk {
  id: string;
  name: string;
  pairedAt: string;
  lastSeenAt: string | null;
  backlog: number;
  revokedAt: string | null;
}

export interface FeedEntry {
  seq: number;
  tbl: FeedTable;
  key: string;
}

export interface OutboxEntry {
  id: number;
  requestId: string;
  method: string;
  input: unknown;
  staffId: string;
  at: string;
}

export interface ConflictRow {
  id: string;
  kind: string;
  deskId: string;
  requestId: string;
  method: string;
  input: unknown;
  entityId: string | null;
  staffId: string | null;
  staffName: string | null;
  at: string;
  first: Record<string, unknown>;
  errorCode: string;
  recordedAt: string;
  settledAt: string | null;
  settledBy: string | null;
  settlement: string | null;
}

export type Row = Record<string, string | number | null>;

const DESK_COLS = `id, name, paired_at AS pairedAt, last_seen_at AS lastSeenAt, backlog, revoked_at AS revokedAt`;
const CONFLICT_COLS = `id, kind, desk_id AS deskId, request_id AS requestId, method, input, entity_id AS entityId, staff_id AS staffId,
  staff_name AS staffName, at, first, error_code AS errorCode, recorded_at AS recordedAt, settled_at AS settledAt, settled_by AS settledBy, settlement`;

type RawConflict = Omit<ConflictRow, 'input' | 'first'> & { input: string; first: string };
const toConflict = (r: RawConflict): ConflictRow => ({ ...r, input: JSON.parse(r.input) as unknown, first: JSON.parse(r.first) as Record<string, unknown> });

/**
 * Prepares on first use: a file opened read-only before its migrations ran (an old backup, a
 * damaged database opened degraded) has no hub tables, and the store must still open over it.
 */
function lazyPrepare(db: Db): Db['prepare'] {
  return ((sql: string) => {
    let stmt: ReturnType<Db['prepare']> | undefined;
    const real = () => (stmt ??= db.prepare(sql));
    return new Proxy({} as ReturnType<Db['prepare']>, {
      get(_t, k) {
        const v = (real() as unknown as Record<string | symbol, unknown>)[k];
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(real()) : v;
      },
    });
  }) as Db['prepare'];
}

/** Pairing, desks, the change feed, the desk's replay queue and the hub's conflicts. */
export function hubRepo(realDb: Db) {
  const db = { prepare: lazyPrepare(realDb) };
  const insertCode = db.prepare(`INSERT INTO hub_pairing_codes (code_hash, created_at, expires_at, created_by) VALUES (?, ?, ?, ?)`);
  // One statement decides: of ten desks racing with the same code, exactly one changes the row.
  const useCode = db.prepare(
    `UPDATE hub_pairing_codes SET used_at = @now, used_by_desk = @deskId
     WHERE code_hash = @hash AND used_at IS NULL AND expires_at > @now AND failed_attempts < @maxFailed`,
  );
  const countFailure = db.prepare(`UPDATE hub_pairing_codes SET failed_attempts = failed_attempts + 1 WHERE used_at IS NULL AND expires_at > ?`);
  const insertDesk = db.prepare(`INSERT INTO hub_desks (id, name, credential_hash, paired_at) VALUES (?, ?, ?, ?)`);
  const deskByCredential = db.prepare<[string], HubDesk>(`SELECT ${DESK_COLS} FROM hub_desks WHERE credential_hash = ?`);
  const deskById = db.prepare<[string], HubDesk>(`SELECT ${DESK_COLS} FROM hub_desks WHERE id = ?`);
  const listDesks = db.prepare<[], HubDesk>(`SELECT ${DESK_COLS} FROM hub_desks ORDER BY revoked_at IS NOT NULL, name LIMIT 1000`);
  const seen = db.prepare(`UPDATE hub_desks SET last_seen_at = ?, backlog = ? WHERE id = ?`);
  const revoke = db.prepare(`UPDATE hub_desks SET revoked_at = ?, revoked_by = ? WHERE id = ? AND revoked_at IS NULL`);

  const feedAfter = db.prepare<[number, number], { seq: number; tbl: FeedTable; key: string }>(
    `SELECT seq, tbl, row_key AS key FROM hub_feed WHERE seq > ? ORDER BY seq LIMIT +?`,
  );
  const feedBounds = db.prepare<[], { lo: number | null; hi: number | null }>(`SELECT min(seq) AS lo, max(seq) AS hi FROM hub_feed`);
  // The AUTOINCREMENT counter survives pruning: the newest sequence number ever given.
  const feedCounter = db.prepare<[], { seq: number }>(`SELECT seq FROM sqlite_sequence WHERE name = 'hub_feed'`);
  const prune = db.prepare(`DELETE FROM hub_feed WHERE seq <= ?`);
  const rowStmts = new Map<string, ReturnType<Db['prepare']>>();
  const rowOf = (tbl: FeedTable, key: string): Row | undefined => {
    let s = rowStmts.get(tbl);
    if (!s) rowStmts.set(tbl, (s = db.prepare(`SELECT * FROM ${tbl} WHERE ${FEED_TABLES[tbl]} = ?`)));
    const k = tbl === 'dose_events' ? Number(key) : key;
    return (s as unknown as { get(k: unknown): Row | undefined }).get(k);
  };

  const outboxAdd = db.prepare(`INSERT INTO hub_outbox (request_id, method, input, staff_id, at) VALUES (?, ?, ?, ?, ?)`);
  const outboxHead = db.prepare<[number], Omit<OutboxEntry, 'input'> & { input: string }>(
    `SELECT id, request_id AS requestId, method, input, staff_id AS staffId, at FROM hub_outbox ORDER BY id LIMIT +?`,
  );
  const outboxDone = db.prepare(`DELETE FROM hub_outbox WHERE request_id = ?`);
  const outboxCount = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM hub_outbox`);

  const replayGet = db.prepare<[string, string], { outcome: 'applied' | 'conflict'; result: string }>(
    `SELECT outcome, result FROM hub_replays WHERE desk_id = ? AND request_id = ?`,
  );
  const replayPut = db.prepare(`INSERT INTO hub_replays (desk_id, request_id, method, applied_at, outcome, result) VALUES (?, ?, ?, ?, ?, ?)`);
  const conflictPut = db.prepare(
    `INSERT INTO hub_conflicts (id, kind, desk_id, request_id, method, input, entity_id, staff_id, staff_name, at, first, error_code, recorded_at)
     VALUES (@id, @kind, @deskId, @requestId, @method, @input, @entityId, @staffId, @staffName, @at, @first, @errorCode, @recordedAt)`,
  );
  const conflictsOpen = db.prepare<[number], RawConflict>(`SELECT ${CONFLICT_COLS} FROM hub_conflicts WHERE settled_at IS NULL ORDER BY recorded_at, id LIMIT +?`);
  const conflictsAll = db.prepare<[number], RawConflict>(`SELECT ${CONFLICT_COLS} FROM hub_conflicts ORDER BY recorded_at DESC, id LIMIT +?`);
  const conflictById = db.prepare<[string], RawConflict>(`SELECT ${CONFLICT_COLS} FROM hub_conflicts WHERE id = ?`);
  const settle = db.prepare(`UPDATE hub_conflicts SET settled_at = ?, settled_by = ?, settlement = ? WHERE id = ? AND settled_at IS NULL`);

  return {
    addPairingCode: (hash: string, createdAt: string, expiresAt: string, by: string | null) => void insertCode.run(hash, createdAt, expiresAt, by),
    /** True when this call consumed the code (live, unused, not worn out by wrong guesses). */
    usePairingCode: (hash: string, now: string, deskId: string, maxFailed: number) => useCode.run({ hash, now, deskId, maxFailed }).changes === 1,
    /** A wrong code counts against every live code: guessing wears all of them out. */
    countPairingFailure: (now: string) => void countFailure.run(now),
    addDesk: (id: string, name: string, credentialHash: string, at: string) => void insertDesk.run(id, name, credentialHash, at),
    deskByCredential: (hash: string) => deskByCredential.get(hash),
    desk: (id: string) => deskById.get(id),
    desks: () => listDesks.all(),
    deskSeen: (id: string, at: string, backlog: number) => void seen.run(at, backlog, id),
    revokeDesk: (id: string, at: string, by: string | null) => revoke.run(at, by, id).changes === 1,

    feedAfter: (since: number, limit: number): FeedEntry[] => feedAfter.all(since, limit),
    /** Oldest kept and newest given sequence numbers (0 when the feed never had an entry). */
    feedBounds(): { oldest: number | null; newest: number } {
      const b = feedBounds.get()!;
      return { oldest: b.lo, newest: feedCounter.get()?.seq ?? 0 };
    },
    pruneFeed: (upTo: number) => prune.run(upTo).changes,
    row: rowOf,

    outboxAdd: (requestId: string, method: string, input: unknown, staffId: string, at: string) => void outboxAdd.run(requestId, method, JSON.stringify(input), staffId, at),
    outboxHead: (limit: number): OutboxEntry[] => outboxHead.all(limit).map((r) => ({ ...r, input: JSON.parse(r.input) as unknown })),
    outboxDone: (requestId: string) => void outboxDone.run(requestId),
    outboxCount: () => outboxCount.get()!.n,

    replay(deskId: string, requestId: string): { outcome: 'applied' | 'conflict'; result: unknown } | undefined {
      const r = replayGet.get(deskId, requestId);
      return r ? { outcome: r.outcome, result: JSON.parse(r.result) as unknown } : undefined;
    },
    recordReplay: (deskId: string, requestId: string, method: string, at: string, outcome: 'applied' | 'conflict', result: unknown) =>
      void replayPut.run(deskId, requestId, method, at, outcome, JSON.stringify(result ?? null)),
    addConflict: (c: Omit<ConflictRow, 'settledAt' | 'settledBy' | 'settlement'>) =>
      void conflictPut.run({ ...c, input: JSON.stringify(c.input), first: JSON.stringify(c.first) }),
    conflicts: (openOnly: boolean, limit: number) => (openOnly ? conflictsOpen : conflictsAll).all(limit).map(toConflict),
    conflict: (id: string) => {
      const r = conflictById.get(id);
      return r ? toConflict(r) : undefined;
    },
    settleConflict: (id: string, at: string, by: string, settlement: string) => settle.run(at, by, settlement, id).changes === 1,
  };
}
export type HubRepo = ReturnType<typeof hubRepo>;
