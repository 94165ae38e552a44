import type { Migration } from './types';

/**
 * What was entered afterwards from the paper sheets. The arrival, outcome or walk-in itself is
 * written by reception's own services (same guards, same outbox entries) at the time it really
 * happened; this row keeps the other half of the truth: that it was typed in later, when, and by
 * whom. One invitation can have several (arrived, then vaccinated), one per kind.
 */
export const m0046: Migration = {
  version: 46,
  name: 'late-entries',
  up(db) {
    db.exec(`
      CREATE TABLE late_entries (
        id INTEGER PRIMARY KEY,
        invitation_id TEXT NOT NULL REFERENCES invitations (id),
        day TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('arrival', 'walkin', 'outcome', 'noshow')),
        happened_at TEXT NOT NULL,
        entered_at TEXT NOT NULL,
        entered_by TEXT,
        entered_by_name TEXT,
        CHECK (happened_at <= entered_at),
        UNIQUE (invitation_id, kind)
      ) STRICT;
      CREATE INDEX late_entries_day ON late_entries (day, happened_at);
    `);
  },
};
