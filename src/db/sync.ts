import type { Db } from './open';
import type { OutboxEntry } from './outbox';
import type { InvitationStatus } from './invitations';

export interface ParkedEntry extends OutboxEntry {
  /** Later entries of the same resource waiting behind this one (order is kept per resource). */
  waitingBehind: number;
}

export interface CentralSlot {
  id: string;
  day: string;
  time: string;
  minutes: number;
  capacity: number;
  status: 'free' | 'busy' | 'busy-unavailable';
  version: number;
}

/** What the engine needs to build an Immunization: the vaccination, its lot and the person. */
export interface VaccinationRow {
  id: string;
  invitationId: string;
  /** 'walkin' for a person VaxDesk itself created at central. */
  source: string;
  outcome: string;
  at: string;
  doseNumber: number;
  productCode: string | null;
  /** The product the invitation planned (what a refused or deferred dose would have been). */
  plannedProductCode: string | null;
  lotNumber: string | null;
  lotExpiry: string | null;
  staffId: string | null;
  staffName: string | null;
  personId: string;
  centralPatientId: string | null;
  niss: string | null;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  phone: string | null;
}

export interface InvitationPersonRow {
  id: string;
  code: string;
  startAt: string;
  endAt: string;
  doseNumber: number;
  productCode: string | null;
  status: InvitationStatus;
  channels: string;
  source: string;
  versionId: string | null;
  personId: string;
  centralPatientId: string | null;
  niss: string | null;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  phone: string | null;
}

const COLS = `o.id, o.kind, o.resource_key AS resourceKey, o.payload, o.created_at AS createdAt, o.status, o.attempts,
  o.next_attempt_at AS nextAttemptAt, o.last_error AS lastError`;

/** The sync engine's queries: the outbox processor's view, slot bookkeeping, central versions. */
export function syncRepo(db: Db) {
  // Only the head of each resource's queue may go: order is kept per resource.
  const due = db.prepare<[string, number], OutboxEntry>(
    `SELECT ${COLS} FROM outbox o
     WHERE o.status = 'pending' AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= ?)
       AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.resource_key = o.resource_key AND p.id < o.id)
     ORDER BY o.id LIMIT +?`,
  );
  const nextDue = db.prepare<[], { at: string | null; n: number }>(
    `SELECT min(coalesce(next_attempt_at, created_at)) AS at, count(*) AS n FROM outbox WHERE status = 'pending'`,
  );
  const fail = db.prepare(`UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ? AND status = 'pending'`);
  const park = db.prepare(`UPDATE outbox SET status = 'parked', attempts = attempts + 1, last_error = ? WHERE id = ?`);
  const del = db.prepare(`DELETE FROM outbox WHERE id = ?`);
  const unpark = db.prepare(`UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = 0 WHERE id = ? AND status = 'parked'`);
  const parked = db.prepare<[number], ParkedEntry>(
    `SELECT ${COLS}, (SELECT count(*) FROM outbox p WHERE p.resource_key = o.resource_key AND p.id > o.id) AS waitingBehind
     FROM outbox o WHERE o.status = 'parked' ORDER BY o.id LIMIT +?`,
  );
  const setVersion = db.prepare(`UPDATE invitations SET version_id = ?, last_updated = ? WHERE id = ?`);
  const vaccination = db.prepare<[string], VaccinationRow>(
    `SELECT o.id, o.invitation_id AS invitationId, i.source, o.outcome, o.at, o.dose_number AS doseNumber, o.product_code AS productCode,
       i.product_code AS plannedProductCode, l.lot_number AS lotNumber, l.expiry_date AS lotExpiry, o.staff_id AS staffId, s.display_name AS staffName,
       p.id AS personId, p.central_patient_id AS centralPatientId,
       p.niss, p.family_name AS familyName, p.given_name AS givenName, p.birth_date AS birthDate, p.phone
     FROM outcomes o JOIN people p ON p.id = o.person_id JOIN invitations i ON i.id = o.invitation_id
       LEFT JOIN lots l ON l.id = o.lot_id LEFT JOIN staff s ON s.id = o.staff_id WHERE o.id = ?`,
  );
  const invitation = db.prepare<[string], InvitationPersonRow>(
    `SELECT i.id, i.code, i.start_at AS startAt, i.end_at AS endAt, i.dose_number AS doseNumber, i.product_code AS productCode,
       i.status, i.channels, i.source, i.version_id AS versionId, p.id AS personId, p.central_patient_id AS centralPatientId,
       p.niss, p.family_name AS familyName, p.given_name AS givenName, p.birth_date AS birthDate, p.phone
     FROM invitations i JOIN people p ON p.id = i.person_id WHERE i.id = ?`,
  );
  const dayInvitations = db.prepare<[string, number], { id: string }>(`SELECT id FROM invitations WHERE day = ? ORDER BY start_at, id LIMIT +?`);
  const dayOutcomes = db.prepare<[string, number], { id: string }>(
    `SELECT id FROM outcomes WHERE day = ? AND outcome IN ('vaccinated', 'refused', 'deferred') ORDER BY at, id LIMIT +?`,
  );
  const setPatient = db.prepare(`UPDATE people SET central_patient_id = ? WHERE id = ? AND central_patient_id IS NOT ?`);
  const slots = db.prepare<[], CentralSlot>(`SELECT id, day, time, minutes, capacity, status, version FROM central_slots ORDER BY id`);
  const putSlot = db.prepare(
    `INSERT INTO central_slots (id, day, time, minutes, capacity, status, version, pushed_at) VALUES (@id, @day, @time, @minutes, @capacity, @status, @version, @at)
     ON CONFLICT (id) DO UPDATE SET day = excluded.day, time = excluded.time, minutes = excluded.minutes, capacity = excluded.capacity,
       status = excluded.status, version = excluded.version, pushed_at = excluded.pushed_at`,
  );
  const snapshot = db.prepare<[], { id: string; status: InvitationStatus; startAt: string; endAt: string; versionId: string | null; code: string; niss: string | null }>(
    `SELECT i.id, i.status, i.start_at AS startAt, i.end_at AS endAt, i.version_id AS versionId, i.code, p.niss
     FROM invitations i JOIN people p ON p.id = i.person_id ORDER BY i.id`,
  );
  return {
    /** Every invitation in short (convergence checks in tests and the CLI's summary). */
    snapshot: () => snapshot.all(),
    due: (now: string, limit: number) => due.all(now, limit),
    /** When the earliest pending entry may go, and how many are pending. */
    nextDue: () => nextDue.get()!,
    /** A retryable failure: try again at nextAt. */
    failed: (id: number, nextAt: string, error: string) => void fail.run(nextAt, error.slice(0, 1000), id),
    park: (id: number, error: string) => void park.run(error.slice(0, 1000), id),
    /** Central confirmed it: the entry is done. */
    done: (id: number) => void del.run(id),
    retryParked: (id: number, now: string) => unpark.run(now, id).changes === 1,
    parked: (limit = 200) => parked.all(limit),
    /** After a push, remember central's version so the next pull skips our own change. */
    setCentralVersion: (invitationId: string, versionId: string, lastUpdated: string) => void setVersion.run(versionId, lastUpdated, invitationId),
    vaccination: (id: string) => vaccination.get(id),
    /** A Brussels day's invitations and reportable outcomes, by id (the read-only FHIR endpoint). */
    dayInvitationIds: (day: string, limit: number) => dayInvitations.all(day, limit).map((r) => r.id),
    dayOutcomeIds: (day: string, limit: number) => dayOutcomes.all(day, limit).map((r) => r.id),
    /** The person's Patient id at central, as a conditional create answered it. */
    setCentralPatient: (personId: string, patientId: string) => void setPatient.run(patientId, personId, patientId),
    invitation: (id: string) => invitation.get(id),
    centralSlots: () => slots.all(),
    putCentralSlot: (s: CentralSlot, at: string) => void putSlot.run({ ...s, at }),
  };
}
export type SyncRepo = ReturnType<typeof syncRepo>;
