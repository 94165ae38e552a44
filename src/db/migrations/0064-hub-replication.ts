import type { Migration } from './types';

/**
 * Replication between a desk and its hub.
 * - hub_outbox (on a desk): the writes made on the desk's copy while the hub was unreachable, in
 *   order, each with the client request id it is replayed under; written in the same local
 *   transaction as the write itself.
 * - hub_replays (on the hub): which (desk, request id) was applied and what came of it, so a
 *   replay sent twice (a lost answer) is answered from here instead of applied again.
 * - hub_conflicts (on the hub): a replayed write the hub could not apply as it was (two desks
 *   checked in the same person while apart); kept until a coordinator settles it.
 */
export const m0064: Migration = {
  version: 64,
  name: 'hub-replication',
  up(db) {
    db.exec(`
      CREATE TABLE hub_outbox (
        id INTEGER PRIMARY KEY,
        request_id TEXT NOT NULL UNIQUE,
        method TEXT NOT NULL,
        input TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE hub_replays (
        desk_id TEXT NOT NULL,
        request_id TEXT NOT NULL,
        method TEXT NOT NULL,
        applied_at TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('applied', 'conflict')),
        result TEXT NOT NULL,
        PRIMARY KEY (desk_id, request_id)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE hub_conflicts (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        request_id TEXT NOT NULL,
        method TEXT NOT NULL,
        input TEXT NOT NULL,
        entity_id TEXT,
        staff_id TEXT,
        staff_name TEXT,
        at TEXT NOT NULL,
        first TEXT NOT NULL,
        error_code TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        settled_at TEXT,
        settled_by TEXT,
        settlement TEXT,
        UNIQUE (desk_id, request_id)
      ) STRICT;
      CREATE INDEX hub_conflicts_open ON hub_conflicts (recorded_at) WHERE settled_at IS NULL;
    `);
  },
};
