import type { Migration } from './types';

/**
 * The center this data folder belongs to, as one row. Until now it was a settings key that only
 * the demo wrote, so a center set up from scratch had no identity and could never sync (issue 18).
 * `location_id` is its id at the central system (the FHIR Location id) and stays NULL until the
 * coordinator knows it; the singleton CHECK keeps a second center from ever appearing.
 * A file that has the old setting keeps its center: the row is built from it and the key goes.
 */
export const m0060: Migration = {
  version: 60,
  name: 'center',
  up(db) {
    db.exec(`
      CREATE TABLE center (
        singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
        location_id TEXT CHECK (location_id IS NULL OR (length(location_id) BETWEEN 1 AND 64)),
        name TEXT NOT NULL CHECK (length(trim(name)) BETWEEN 1 AND 120),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      INSERT INTO center (singleton, location_id, name, created_at, updated_at)
        SELECT 1, CASE WHEN length(trim(json_extract(value, '$.id'))) BETWEEN 1 AND 64 THEN trim(json_extract(value, '$.id')) END, coalesce(nullif(trim(json_extract(value, '$.name')), ''), json_extract(value, '$.id')),
               strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
        FROM settings WHERE key = 'center' AND json_valid(value) AND coalesce(nullif(trim(json_extract(value, '$.name')), ''), json_extract(value, '$.id')) IS NOT NULL;
      DELETE FROM settings WHERE key = 'center';
    `);
  },
};
