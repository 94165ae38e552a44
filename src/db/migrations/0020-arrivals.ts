import type { Migration } from './types';

/**
 * One arrival per invitation, enforced by the database itself: two desks that check in the same
 * person at the same moment cannot both succeed, whatever the application does.
 */
export const m0020: Migration = {
  version: 20,
  name: 'arrivals',
  up(db) {
    db.exec(`
      CREATE TABLE arrivals (
        id TEXT PRIMARY KEY,
        invitation_id TEXT NOT NULL UNIQUE REFERENCES invitations (id),
        person_id TEXT NOT NULL REFERENCES people (id),
        day TEXT NOT NULL,
        at TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        staff_id TEXT,
        staff_name TEXT,
        overrides TEXT NOT NULL DEFAULT '[]',
        override_reason TEXT,
        walkin_reason TEXT
      ) STRICT;
      CREATE INDEX arrivals_day ON arrivals (day, at);
    `);
  },
};
