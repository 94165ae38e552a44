import type { Migration } from './types';

/**
 * Products and lots are shared by planning (deliveries, stock) and reception (vaccinations), so
 * they live in the core. Stock of a lot = received doses − the sum of its dose_events; the
 * ledger is append-only so that stock can be explained line by line.
 */
export const m0004: Migration = {
  version: 4,
  name: 'products-and-lots',
  up(db) {
    db.exec(`
      CREATE TABLE products (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        manufacturer TEXT NOT NULL,
        doses_per_vial INTEGER NOT NULL CHECK (doses_per_vial BETWEEN 1 AND 50),
        doses_in_series INTEGER NOT NULL CHECK (doses_in_series BETWEEN 1 AND 5),
        min_interval_days INTEGER CHECK (min_interval_days IS NULL OR min_interval_days BETWEEN 1 AND 365),
        planned_interval_days INTEGER CHECK (planned_interval_days IS NULL OR planned_interval_days BETWEEN 1 AND 365),
        open_vial_hours INTEGER NOT NULL CHECK (open_vial_hours BETWEEN 1 AND 72),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE lots (
        id TEXT PRIMARY KEY,
        product_code TEXT NOT NULL REFERENCES products (code),
        lot_number TEXT NOT NULL,
        expiry_date TEXT NOT NULL,
        vials INTEGER NOT NULL CHECK (vials >= 0),
        doses_per_vial INTEGER NOT NULL CHECK (doses_per_vial BETWEEN 1 AND 50),
        received_at TEXT NOT NULL,
        received_by TEXT,
        delivery_id TEXT,
        UNIQUE (product_code, lot_number)
      ) STRICT;

      CREATE TABLE dose_events (
        id INTEGER PRIMARY KEY,
        lot_id TEXT NOT NULL REFERENCES lots (id),
        kind TEXT NOT NULL CHECK (kind IN ('administered', 'wasted', 'correction')),
        doses INTEGER NOT NULL,
        at TEXT NOT NULL,
        staff_id TEXT,
        ref TEXT,
        note TEXT
      ) STRICT;
      CREATE INDEX dose_events_lot ON dose_events (lot_id);

      INSERT INTO products (code, name, manufacturer, doses_per_vial, doses_in_series, min_interval_days, planned_interval_days, open_vial_hours, updated_at) VALUES
        ('COMIRNATY', 'Comirnaty', 'Pfizer-BioNTech', 6, 2, 21, 35, 6, '2021-01-01T00:00:00.000Z'),
        ('SPIKEVAX', 'Spikevax', 'Moderna', 10, 2, 28, 28, 6, '2021-01-01T00:00:00.000Z'),
        ('VAXZEVRIA', 'Vaxzevria', 'AstraZeneca', 10, 2, 28, 84, 6, '2021-01-01T00:00:00.000Z'),
        ('JCOVDEN', 'Jcovden', 'Janssen', 5, 1, NULL, NULL, 6, '2021-01-01T00:00:00.000Z');
    `);
  },
};
