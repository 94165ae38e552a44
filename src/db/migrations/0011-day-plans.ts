import type { Migration } from './types';

/**
 * Day plans and weekly templates. A day written by a template carries source 'template' and is
 * rewritten when the template is applied again; a day edited by hand becomes an 'exception'
 * and survives re-applying. Times are Brussels wall-clock HH:mm; products a JSON array of codes.
 */
export const m0011: Migration = {
  version: 11,
  name: 'day-plans',
  up(db) {
    db.exec(`
      CREATE TABLE plan_templates (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        weekdays TEXT NOT NULL,
        opens_at TEXT NOT NULL,
        closes_at TEXT NOT NULL,
        slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
        lanes INTEGER NOT NULL CHECK (lanes BETWEEN 1 AND 100),
        per_lane INTEGER NOT NULL CHECK (per_lane BETWEEN 1 AND 50),
        products TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE day_plans (
        day TEXT PRIMARY KEY,
        open INTEGER NOT NULL CHECK (open IN (0, 1)),
        opens_at TEXT NOT NULL,
        closes_at TEXT NOT NULL,
        slot_minutes INTEGER NOT NULL CHECK (slot_minutes BETWEEN 5 AND 240),
        lanes INTEGER NOT NULL CHECK (lanes BETWEEN 0 AND 100),
        per_lane INTEGER NOT NULL CHECK (per_lane BETWEEN 0 AND 50),
        products TEXT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('template', 'exception')),
        template_id TEXT REFERENCES plan_templates (id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by TEXT
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
