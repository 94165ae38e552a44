import type { Migration } from './types';

/**
 * Deliveries announced by the distribution (expected) and what actually arrived (lots, which
 * point back with lots.delivery_id). Expected doses are kept apart from stock on purpose: in
 * 2021 announced batches were cut or slipped, and capacity must never be planned on them silently.
 * original_* keep what was first announced, so a late or short delivery can be explained.
 */
export const m0010: Migration = {
  version: 10,
  name: 'deliveries',
  up(db) {
    db.exec(`
      CREATE TABLE deliveries (
        id TEXT PRIMARY KEY,
        product_code TEXT NOT NULL REFERENCES products (code),
        expected_date TEXT NOT NULL,
        expected_doses INTEGER NOT NULL CHECK (expected_doses BETWEEN 1 AND 1000000),
        original_date TEXT NOT NULL,
        original_doses INTEGER NOT NULL CHECK (original_doses BETWEEN 1 AND 1000000),
        status TEXT NOT NULL CHECK (status IN ('expected', 'received', 'cancelled')),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX deliveries_status_date ON deliveries (status, expected_date);
      CREATE INDEX lots_delivery ON lots (delivery_id);
      CREATE INDEX lots_product_expiry ON lots (product_code, expiry_date);
    `);
  },
};
