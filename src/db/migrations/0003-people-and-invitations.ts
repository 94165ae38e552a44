import type { Migration } from './types';

export const m0003: Migration = {
  version: 3,
  name: 'people-and-invitations',
  up(db) {
    db.exec(`
      CREATE TABLE people (
        id TEXT PRIMARY KEY,
        niss TEXT UNIQUE CHECK (niss IS NULL OR (length(niss) = 11 AND niss NOT GLOB '*[^0-9]*')),
        family_name TEXT NOT NULL,
        given_name TEXT NOT NULL,
        birth_date TEXT,
        phone TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX people_birth_date ON people (birth_date);

      -- Name search without a table scan: every normalised word of a name, plus the family name
      -- written together ('vandenbossche'), as a prefix-searchable key.
      CREATE TABLE person_tokens (
        token TEXT NOT NULL,
        person_id TEXT NOT NULL REFERENCES people (id) ON DELETE CASCADE,
        PRIMARY KEY (token, person_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX person_tokens_person ON person_tokens (person_id);

      -- An invitation is the central system's Appointment for one person at this center.
      -- day is the Europe/Brussels date of start_at; instants are UTC ISO strings.
      CREATE TABLE invitations (
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL UNIQUE,
        person_id TEXT NOT NULL REFERENCES people (id),
        center_id TEXT NOT NULL,
        day TEXT NOT NULL,
        start_at TEXT NOT NULL,
        end_at TEXT NOT NULL,
        dose_number INTEGER NOT NULL CHECK (dose_number BETWEEN 1 AND 9),
        product_code TEXT,
        status TEXT NOT NULL CHECK (status IN ('booked', 'cancelled', 'arrived', 'fulfilled', 'noshow')),
        channels TEXT NOT NULL DEFAULT '[]',
        source TEXT NOT NULL CHECK (source IN ('central', 'import', 'walkin', 'demo')),
        version_id TEXT,
        last_updated TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX invitations_day ON invitations (day, start_at);
      CREATE INDEX invitations_person ON invitations (person_id);
    `);
  },
};
