import type { Migration } from './types';

/**
 * The standby list: people who agreed to come at short notice so that doses left in opened vials
 * are not wasted. Calls are logged one row each: who called whom, when, and the answer.
 */
export const m0045: Migration = {
  version: 45,
  name: 'standby',
  up(db) {
    db.exec(`
      CREATE TABLE standby (
        id TEXT PRIMARY KEY,
        niss TEXT NOT NULL CHECK (length(niss) = 11 AND niss NOT GLOB '*[^0-9]*'),
        family_name TEXT NOT NULL,
        given_name TEXT NOT NULL,
        birth_date TEXT,
        phone TEXT NOT NULL,
        priority_group TEXT NOT NULL,
        priority_rank INTEGER NOT NULL,
        status TEXT NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'accepted', 'removed')),
        invitation_id TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      -- One active entry per person: a second sign-up updates the first.
      CREATE UNIQUE INDEX standby_active_niss ON standby (niss) WHERE status = 'waiting';
      CREATE INDEX standby_queue ON standby (status, priority_rank, created_at);

      CREATE TABLE standby_calls (
        id INTEGER PRIMARY KEY,
        standby_id TEXT NOT NULL REFERENCES standby (id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        staff_id TEXT,
        result TEXT NOT NULL CHECK (result IN ('accepted', 'declined', 'no-answer'))
      ) STRICT;
      CREATE INDEX standby_calls_entry ON standby_calls (standby_id, at);
    `);
  },
};
