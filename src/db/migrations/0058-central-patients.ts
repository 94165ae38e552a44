import type { Migration } from './types';

/**
 * National FHIR servers keep each person as a Patient resource of their own and an Appointment
 * only points at it (`Patient/123`). Two things follow for the local side:
 *
 * - `people.central_patient_id`: the logical id of the person's Patient at central, filled by the
 *   pull whenever an Appointment references or includes one. The push references that Patient
 *   (instead of inventing an id central never had), and a Patient changed at central is matched
 *   back to its local person by it. NULL for a person central never named (a walk-in not yet
 *   pushed, a contained or logical-only reference). Not unique: central may merge two Patients,
 *   and a pull must not fail on that; the national number stays the person's key.
 * - `pull_parked`: an entry of a search page VaxDesk cannot take (a malformed Appointment, a
 *   Patient without a national number). It is set aside with its reason instead of refusing the
 *   whole page forever; a later pull that maps the same resource removes it.
 */
export const m0058: Migration = {
  version: 58,
  name: 'central-patients',
  up(db) {
    db.exec(`
      ALTER TABLE people ADD COLUMN central_patient_id TEXT NULL;
      CREATE INDEX people_central_patient ON people (central_patient_id) WHERE central_patient_id IS NOT NULL;

      CREATE TABLE pull_parked (
        resource_type TEXT NOT NULL,
        resource_id TEXT NOT NULL,
        reason TEXT NOT NULL,
        version_id TEXT NULL,
        first_seen_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        times INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (resource_type, resource_id)
      ) STRICT, WITHOUT ROWID;
    `);
  },
};
