import type { Db } from './open';
import type { InvitationStatus } from './invitations';

export interface Arrival {
  id: string;
  invitationId: string;
  personId: string;
  day: string;
  at: string;
  deskId: string;
  staffId: string | null;
  staffName: string | null;
  overrides: string[];
  overrideReason: string | null;
  walkinReason: string | null;
}

export type OutcomeKind = 'vaccinated' | 'refused' | 'deferred' | 'left';
export interface Outcome {
  id: string;
  invitationId: string;
  personId: string;
  day: string;
  outcome: OutcomeKind;
  doseNumber: number;
  productCode: string | null;
  lotId: string | null;
  at: string;
  deskId: string;
  staffId: string | null;
  note: string | null;
}

export interface DayClosure {
  day: string;
  closedAt: string;
  closedBy: string | null;
  closedByName: string | null;
}

const A_COLS = `id, invitation_id AS invitationId, person_id AS personId, day, at, desk_id AS deskId, staff_id AS staffId,
  staff_name AS staffName, overrides, override_reason AS overrideReason, walkin_reason AS walkinReason`;
const O_COLS = `id, invitation_id AS invitationId, person_id AS personId, day, outcome, dose_number AS doseNumber,
  product_code AS productCode, lot_id AS lotId, at, desk_id AS deskId, staff_id AS staffId, note`;
type RawArrival = Omit<Arrival, 'overrides'> & { overrides: string };
const toArrival = (r: RawArrival | undefined): Arrival | undefined => (r ? { ...r, overrides: JSON.parse(r.overrides) as string[] } : undefined);

/** Arrivals, outcomes and day closures: what reception writes. */
export function arrivalsRepo(db: Db) {
  const insertArrival = db.prepare(
    `INSERT INTO arrivals (id, invitation_id, person_id, day, at, desk_id, staff_id, staff_name, overrides, override_reason, walkin_reason)
     VALUES (@id, @invitationId, @personId, @day, @at, @deskId, @staffId, @staffName, @overrides, @overrideReason, @walkinReason)`,
  );
  const arrivalOf = db.prepare<[string], RawArrival>(`SELECT ${A_COLS} FROM arrivals WHERE invitation_id = ?`);
  const deleteArrival = db.prepare(`DELETE FROM arrivals WHERE invitation_id = ?`);
  const arrivedOn = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM arrivals WHERE day = ?`);
  const arrivedAfter = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM arrivals WHERE day > ?`);
  const setStatus = db.prepare(`UPDATE invitations SET status = ?, updated_at = ? WHERE id = ?`);

  const insertOutcome = db.prepare(
    `INSERT INTO outcomes (id, invitation_id, person_id, day, outcome, dose_number, product_code, lot_id, at, desk_id, staff_id, note)
     VALUES (@id, @invitationId, @personId, @day, @outcome, @doseNumber, @productCode, @lotId, @at, @deskId, @staffId, @note)`,
  );
  const outcomeOf = db.prepare<[string], Outcome>(`SELECT ${O_COLS} FROM outcomes WHERE invitation_id = ?`);
  const deleteOutcome = db.prepare(`DELETE FROM outcomes WHERE invitation_id = ?`);
  const previousVaccination = db.prepare<[string, number], { date: string; productCode: string }>(
    `SELECT day AS date, product_code AS productCode FROM outcomes
     WHERE person_id = ? AND outcome = 'vaccinated' AND dose_number < ? ORDER BY dose_number DESC, at DESC LIMIT 1`,
  );
  const previousInvitation = db.prepare<[string, number], { date: string; productCode: string | null }>(
    `SELECT day AS date, product_code AS productCode FROM invitations
     WHERE person_id = ? AND dose_number = ? AND status NOT IN ('cancelled', 'noshow') ORDER BY day DESC LIMIT 1`,
  );

  const closure = db.prepare<[string], DayClosure>(`SELECT day, closed_at AS closedAt, closed_by AS closedBy, closed_by_name AS closedByName FROM day_closures WHERE day = ?`);
  const insertClosure = db.prepare(`INSERT INTO day_closures (day, closed_at, closed_by, closed_by_name) VALUES (?, ?, ?, ?)`);
  const deleteClosure = db.prepare(`DELETE FROM day_closures WHERE day = ?`);
  const notArrived = db.prepare<[string, string], { id: string }>(
    `SELECT i.id FROM invitations i WHERE i.day = ? AND i.center_id = ? AND i.status = 'booked'
       AND NOT EXISTS (SELECT 1 FROM arrivals a WHERE a.invitation_id = i.id)`,
  );
  const insertNoshow = db.prepare(`INSERT INTO day_closure_noshows (day, invitation_id) VALUES (?, ?)`);
  const noshowsOf = db.prepare<[string], { id: string; status: InvitationStatus }>(
    `SELECT n.invitation_id AS id, i.status FROM day_closure_noshows n JOIN invitations i ON i.id = n.invitation_id WHERE n.day = ?`,
  );

  const doseTimes = db.prepare<[string, string], { lotId: string; at: string; doses: number }>(
    // A vaccination taken back (recorded on the wrong person) never left its vial: its dose does not count.
    `SELECT lot_id AS lotId, at, doses FROM dose_events e WHERE at >= ? AND at < ? AND kind IN ('administered', 'wasted') AND doses > 0
       AND NOT (kind = 'administered' AND ref IS NOT NULL AND EXISTS (
         SELECT 1 FROM dose_events c WHERE c.lot_id = e.lot_id AND c.kind = 'correction' AND c.ref = e.ref AND c.doses < 0))
     ORDER BY lot_id, at, id`,
  );

  return {
    /** Doses taken out of each lot between two instants, in order (for the open-vial view). */
    doseTimes: (from: string, to: string) => doseTimes.all(from, to),
    insertArrival: (a: Arrival) => void insertArrival.run({ ...a, overrides: JSON.stringify(a.overrides) }),
    arrival: (invitationId: string) => toArrival(arrivalOf.get(invitationId)),
    deleteArrival: (invitationId: string) => void deleteArrival.run(invitationId),
    arrivedOn: (day: string) => arrivedOn.get(day)!.n,
    arrivedAfter: (day: string) => arrivedAfter.get(day)!.n,
    setInvitationStatus: (invitationId: string, status: InvitationStatus, now: string) => void setStatus.run(status, now, invitationId),

    insertOutcome: (o: Outcome) => void insertOutcome.run(o),
    outcome: (invitationId: string) => outcomeOf.get(invitationId),
    deleteOutcome: (invitationId: string) => void deleteOutcome.run(invitationId),
    /** The person's dose before doseNumber: a recorded vaccination, else the invitation for that dose. */
    /** The person's latest vaccination recorded here before this dose: what was actually given. */
    previousVaccination: (personId: string, doseNumber: number): { date: string; productCode: string } | undefined => previousVaccination.get(personId, doseNumber),
    previousDose(personId: string, doseNumber: number): { date: string; productCode: string | null } | undefined {
      return previousVaccination.get(personId, doseNumber) ?? previousInvitation.get(personId, doseNumber - 1);
    },

    closure: (day: string) => closure.get(day),
    /** Turns every booked, never-arrived appointment of the day into a no-show; returns their ids. */
    close(day: string, centerId: string, at: string, staffId: string | null, staffName: string | null): string[] {
      insertClosure.run(day, at, staffId, staffName);
      const ids = notArrived.all(day, centerId).map((r) => r.id);
      for (const id of ids) {
        setStatus.run('noshow', at, id);
        insertNoshow.run(day, id);
      }
      return ids;
    },
    /** Undoes close(): the no-shows it made that are still no-shows become booked again; returns their ids. */
    reopen(day: string, at: string): string[] {
      const ids = noshowsOf
        .all(day)
        .filter((r) => r.status === 'noshow')
        .map((r) => r.id);
      for (const id of ids) setStatus.run('booked', at, id);
      deleteClosure.run(day);
      return ids;
    },
  };
}
export type ArrivalsRepo = ReturnType<typeof arrivalsRepo>;
