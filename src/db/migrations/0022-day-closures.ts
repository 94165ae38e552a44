import type { Migration } from './types';

/**
 * Closing a day turns every appointment that never arrived into a no-show. Which ones were
 * turned is kept, so that reopening the day restores exactly those and nothing else.
 */
export const m0022: Migration = {
  version: 22,
  name: 'day-closures',
  up(db) {
    db.exec(`
      CREATE TABLE day_closures (
        day TEXT PRIMARY KEY,
        closed_at TEXT NOT NULL,
        closed_by TEXT,
        closed_by_name TEXT
      ) STRICT;
      CREATE TABLE day_closure_noshows (
        day TEXT NOT NULL REFERENCES day_closures (day) ON DELETE CASCADE,
        invitation_id TEXT NOT NULL REFERENCES invitations (id),
        PRIMARY KEY (day, invitation_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
