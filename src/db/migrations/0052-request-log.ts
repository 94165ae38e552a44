import type { Migration } from './types';

/**
 * Idempotent writes (docs/architecture.md, "Request ids"): one row per write made under a
 * client's request id, claimed inside the write's own transaction, so a retry whose first answer
 * was lost gets that answer instead of doing the write twice. `actor` is staff id and desk id.
 * `result` is the JSON Result of the first call; NULL only between the commit and its answer.
 */
export const m0052: Migration = {
  version: 52,
  name: 'request-log',
  up(db) {
    db.exec(`
      CREATE TABLE request_log (
        actor      TEXT NOT NULL,
        request_id TEXT NOT NULL,
        method     TEXT NOT NULL,
        input_hash TEXT NOT NULL,
        result     TEXT,
        at         TEXT NOT NULL,
        PRIMARY KEY (actor, request_id)
      ) WITHOUT ROWID;
      CREATE INDEX request_log_at ON request_log (at);
    `);
  },
};
