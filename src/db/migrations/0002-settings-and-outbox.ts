import type { Migration } from './types';

export const m0002: Migration = {
  version: 2,
  name: 'settings-and-outbox',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      -- Every change for the central system, written in the same transaction as the local change.
      -- resource_key orders the entries of one resource (an appointment's status changes must
      -- reach central in the order they happened).
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        resource_key TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'parked')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT
      ) STRICT;
      CREATE INDEX outbox_status ON outbox (status, id);
      CREATE INDEX outbox_resource ON outbox (resource_key, id);
    `);
  },
};
