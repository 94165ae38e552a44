import type { Db } from './open';

export interface LateEntry {
  invitationId: string;
  day: string;
  kind: 'arrival' | 'walkin' | 'outcome' | 'noshow';
  happenedAt: string;
  enteredAt: string;
  enteredBy: string | null;
  enteredByName: string | null;
}

export interface LateEntryRow extends LateEntry {
  code: string;
  familyName: string;
  givenName: string;
  outcome: string | null;
  lotNumber: string | null;
}

/** Raw rows for the day report; the service turns instants into Brussels hours. */
export interface FactRows {
  appointments: { id: string; startAt: string; arrivedAt: string | null; status: 'booked' | 'arrived' | 'fulfilled' | 'noshow'; source: string }[];
  arrivals: { invitationId: string; at: string; overrides: string; overrideReason: string | null; enteredLate: number }[];
  outcomes: { invitationId: string; at: string; outcome: 'vaccinated' | 'refused' | 'deferred' | 'left'; productCode: string | null; lotNumber: string | null; doseNumber: number }[];
  waste: { productCode: string; lotNumber: string; doses: number }[];
}

export interface PaperRow {
  invitationId: string;
  code: string;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  niss: string | null;
  startAt: string;
  doseNumber: number;
  productCode: string | null;
  status: string;
}

/** What the reports read and the one thing they write (the late-entry marks). */
export function reportsRepo(db: Db) {
  // Cancelled appointments were never expected; a walk-in undone by mistake is cancelled too.
  const appointments = db.prepare<[string], FactRows['appointments'][number]>(
    `SELECT i.id, i.start_at AS startAt, a.at AS arrivedAt, i.status, i.source
     FROM invitations i LEFT JOIN arrivals a ON a.invitation_id = i.id
     WHERE i.day = ? AND i.status <> 'cancelled' ORDER BY i.start_at, i.id`,
  );
  const arrivals = db.prepare<[string], FactRows['arrivals'][number]>(
    `SELECT a.invitation_id AS invitationId, a.at, a.overrides, a.override_reason AS overrideReason,
       EXISTS (SELECT 1 FROM late_entries l WHERE l.invitation_id = a.invitation_id AND l.kind IN ('arrival', 'walkin')
         AND l.happened_at = a.at) AS enteredLate
     FROM arrivals a WHERE a.day = ? ORDER BY a.at, a.id`,
  );
  const outcomes = db.prepare<[string], FactRows['outcomes'][number]>(
    `SELECT o.invitation_id AS invitationId, o.at, o.outcome, o.product_code AS productCode, l.lot_number AS lotNumber, o.dose_number AS doseNumber
     FROM outcomes o LEFT JOIN lots l ON l.id = o.lot_id WHERE o.day = ? ORDER BY o.at, o.id`,
  );
  const waste = db.prepare<[string, string], FactRows['waste'][number]>(
    `SELECT l.product_code AS productCode, l.lot_number AS lotNumber, sum(e.doses) AS doses
     FROM dose_events e JOIN lots l ON l.id = e.lot_id
     WHERE e.kind = 'wasted' AND e.at >= ? AND e.at < ? GROUP BY l.id ORDER BY l.product_code, l.lot_number`,
  );
  const paper = db.prepare<[string], PaperRow>(
    `SELECT i.id AS invitationId, i.code, p.family_name AS familyName, p.given_name AS givenName, p.birth_date AS birthDate, p.niss,
       i.start_at AS startAt, i.dose_number AS doseNumber, i.product_code AS productCode, i.status
     FROM invitations i JOIN people p ON p.id = i.person_id
     WHERE i.day = ? AND i.status <> 'cancelled' ORDER BY i.start_at, p.family_name, p.given_name, i.id`,
  );
  const insertLate = db.prepare(
    `INSERT INTO late_entries (invitation_id, day, kind, happened_at, entered_at, entered_by, entered_by_name)
     VALUES (@invitationId, @day, @kind, @happenedAt, @enteredAt, @enteredBy, @enteredByName)
     ON CONFLICT (invitation_id, kind) DO UPDATE SET day = excluded.day, happened_at = excluded.happened_at,
       entered_at = excluded.entered_at, entered_by = excluded.entered_by, entered_by_name = excluded.entered_by_name`,
  );
  const lateForDay = db.prepare<[string], LateEntryRow>(
    `SELECT l.invitation_id AS invitationId, l.day, l.kind, l.happened_at AS happenedAt, l.entered_at AS enteredAt,
       l.entered_by AS enteredBy, l.entered_by_name AS enteredByName, i.code, p.family_name AS familyName, p.given_name AS givenName,
       o.outcome, lot.lot_number AS lotNumber
     FROM late_entries l JOIN invitations i ON i.id = l.invitation_id JOIN people p ON p.id = i.person_id
     LEFT JOIN outcomes o ON o.invitation_id = l.invitation_id AND l.kind = 'outcome'
     LEFT JOIN lots lot ON lot.id = o.lot_id
     WHERE l.day = ? ORDER BY l.happened_at, l.id`,
  );
  const lateOf = db.prepare<[string], LateEntry>(
    `SELECT invitation_id AS invitationId, day, kind, happened_at AS happenedAt, entered_at AS enteredAt, entered_by AS enteredBy,
       entered_by_name AS enteredByName FROM late_entries WHERE invitation_id = ? ORDER BY id`,
  );
  return {
    /** The facts of one day; waste is what the ledger recorded between the day's first and last instant. */
    facts(day: string, fromInstant: string, toInstant: string): FactRows {
      return { appointments: appointments.all(day), arrivals: arrivals.all(day), outcomes: outcomes.all(day), waste: waste.all(fromInstant, toInstant) };
    },
    paperList: (day: string) => paper.all(day),
    /** Marks a record as typed in afterwards; entering the same kind again (after an undo) replaces the mark. */
    insertLate: (e: LateEntry) => void insertLate.run(e),
    lateForDay: (day: string) => lateForDay.all(day),
    lateOf: (invitationId: string) => lateOf.all(invitationId),
  };
}
export type ReportsRepo = ReturnType<typeof reportsRepo>;
