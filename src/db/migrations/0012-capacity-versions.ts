import type { Migration } from './types';

/**
 * Published capacity, versioned. Every publish writes a whole new version (all published slots,
 * not a diff), so the sync can push exactly one version and withdraw what is no longer in it,
 * and an older version can always be explained. Slots keep both the UTC start (DST-proof) and
 * the Brussels wall-clock label that central's slot ids are built from.
 */
export const m0012: Migration = {
  version: 12,
  name: 'capacity-versions',
  up(db) {
    db.exec(`
      CREATE TABLE capacity_versions (
        version INTEGER PRIMARY KEY CHECK (version > 0),
        published_at TEXT NOT NULL,
        published_by TEXT,
        from_day TEXT NOT NULL,
        to_day TEXT NOT NULL,
        total INTEGER NOT NULL CHECK (total >= 0)
      ) STRICT;

      CREATE TABLE capacity_slots (
        version INTEGER NOT NULL REFERENCES capacity_versions (version),
        day TEXT NOT NULL,
        start_at TEXT NOT NULL,
        end_at TEXT NOT NULL,
        local_time TEXT NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes > 0),
        capacity INTEGER NOT NULL CHECK (capacity >= 0),
        PRIMARY KEY (version, day, start_at)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
