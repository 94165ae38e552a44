import type { Migration } from './types';

/**
 * What happened after check-in: one outcome per invitation. A 'vaccinated' outcome is the local
 * vaccination record (its id becomes the Immunization's deterministic id) and names the lot the
 * dose was taken from; the dose itself is a dose_events row with ref = this id.
 */
export const m0021: Migration = {
  version: 21,
  name: 'outcomes',
  up(db) {
    db.exec(`
      CREATE TABLE outcomes (
        id TEXT PRIMARY KEY,
        invitation_id TEXT NOT NULL UNIQUE REFERENCES invitations (id),
        person_id TEXT NOT NULL REFERENCES people (id),
        day TEXT NOT NULL,
        outcome TEXT NOT NULL CHECK (outcome IN ('vaccinated', 'refused', 'deferred', 'left')),
        dose_number INTEGER NOT NULL,
        product_code TEXT REFERENCES products (code),
        lot_id TEXT REFERENCES lots (id),
        at TEXT NOT NULL,
        desk_id TEXT NOT NULL,
        staff_id TEXT,
        note TEXT,
        CHECK (outcome <> 'vaccinated' OR (product_code IS NOT NULL AND lot_id IS NOT NULL))
      ) STRICT;
      -- The minimum-interval guard looks up a person's earlier doses.
      CREATE INDEX outcomes_person ON outcomes (person_id, dose_number);
      CREATE INDEX outcomes_day ON outcomes (day);
      -- The leftover-dose view reads the doses taken today from every lot.
      CREATE INDEX IF NOT EXISTS dose_events_at ON dose_events (at);
    `);
  },
};
