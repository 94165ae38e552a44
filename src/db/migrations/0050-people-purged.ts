import type { Migration } from './types';

/**
 * Retention: a person whose personal data was purged keeps a tombstone row (no NISS, no name, no
 * birth date, no phone) so that invitations, arrivals and vaccinations still count in the reports.
 * purged_at marks the tombstone, so a purge never runs twice over the same person.
 */
export const m0050: Migration = {
  version: 50,
  name: 'people-purged',
  up(db) {
    db.exec(`ALTER TABLE people ADD COLUMN purged_at TEXT;`);
  },
};
