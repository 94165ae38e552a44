import type { Migration } from './types';

/**
 * The hub's side of pairing: one-time codes (kept only as hashes: a copy of the database must
 * not let anyone join) and the desks that joined, each with the hash of its own credential.
 * A revoked desk keeps its row so the list still shows who it was and when it was cut off.
 */
export const m0062: Migration = {
  version: 62,
  name: 'hub-desks',
  up(db) {
    db.exec(`
      CREATE TABLE hub_pairing_codes (
        code_hash TEXT PRIMARY KEY,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        created_by TEXT,
        failed_attempts INTEGER NOT NULL DEFAULT 0,
        used_at TEXT,
        used_by_desk TEXT
      ) STRICT;
      CREATE INDEX hub_pairing_codes_live ON hub_pairing_codes (expires_at) WHERE used_at IS NULL;

      CREATE TABLE hub_desks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        credential_hash TEXT NOT NULL UNIQUE,
        paired_at TEXT NOT NULL,
        last_seen_at TEXT,
        backlog INTEGER NOT NULL DEFAULT 0 CHECK (backlog >= 0),
        revoked_at TEXT,
        revoked_by TEXT
      ) STRICT;
    `);
  },
};
