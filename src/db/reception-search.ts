import type { Db } from './open';
import type { InvitationStatus } from './invitations';
import { prefixEnd } from '../domain/search-query';
import { addDays } from '../domain/time';

/** One appointment as reception sees it: the person, the slot, and what already happened. */
export interface ReceptionRow {
  invitationId: string;
  code: string;
  personId: string;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  niss: string | null;
  day: string;
  startAt: string;
  endAt: string;
  doseNumber: number;
  productCode: string | null;
  status: InvitationStatus;
  centerId: string;
  source: string;
  arrivedAt: string | null;
  arrivalDesk: string | null;
  arrivalStaff: string | null;
  outcome: 'vaccinated' | 'refused' | 'deferred' | 'left' | null;
  lotId: string | null;
}

const DAY_COUNTS = `SELECT i.start_at AS startAt, i.status, i.source, a.at AS arrivedAt, o.outcome
  FROM invitations i LEFT JOIN arrivals a ON a.invitation_id = i.id LEFT JOIN outcomes o ON o.invitation_id = i.id
  WHERE i.day = ?`;

/** One appointment of a day as the counters see it. */
export interface DayCountRow {
  startAt: string;
  status: InvitationStatus;
  source: string;
  arrivedAt: string | null;
  outcome: ReceptionRow['outcome'];
}

const SELECT = `SELECT i.id AS invitationId, i.code, i.person_id AS personId, p.family_name AS familyName, p.given_name AS givenName,
    p.birth_date AS birthDate, p.niss, i.day, i.start_at AS startAt, i.end_at AS endAt, i.dose_number AS doseNumber,
    i.product_code AS productCode, i.status, i.center_id AS centerId, i.source,
    a.at AS arrivedAt, a.desk_id AS arrivalDesk, a.staff_name AS arrivalStaff, o.outcome, o.lot_id AS lotId
  FROM invitations i
  JOIN people p ON p.id = i.person_id
  LEFT JOIN arrivals a ON a.invitation_id = i.id
  LEFT JOIN outcomes o ON o.invitation_id = i.id`;

// Today first, then within two days, then the rest, nearest first: the person at the desk is
// almost always booked for today, and a mistaken day is usually off by one or two.
const RANK = `ORDER BY CASE WHEN i.day = @today THEN 0 WHEN i.day BETWEEN @lo AND @hi THEN 1 ELSE 2 END,
  abs(julianday(i.day) - julianday(@today)), i.start_at LIMIT @limit`;

/**
 * The person ids whose name tokens start with every query word. The longest word drives the index
 * range scan (it is the most selective); the others are checked per candidate through the
 * person's own few tokens, so a one-letter word like the 'j' of 'dupont j' never scans a range.
 */
function nameSubquery(n: number): string {
  let sql = `SELECT DISTINCT t0.person_id FROM person_tokens t0 WHERE t0.token >= @w0 AND t0.token < @e0`;
  for (let k = 1; k < n; k++) {
    sql += ` AND EXISTS (SELECT 1 FROM person_tokens t${k} WHERE t${k}.person_id = t0.person_id AND t${k}.token >= @w${k} AND t${k}.token < @e${k})`;
  }
  return sql;
}

export function receptionSearchRepo(db: Db) {
  const byCode = db.prepare<[string], ReceptionRow>(`${SELECT} WHERE i.code = ?`);
  const byInvitation = db.prepare<[string], ReceptionRow>(`${SELECT} WHERE i.id = ?`);
  const byNiss = db.prepare(`${SELECT} WHERE p.id = (SELECT id FROM people WHERE niss = @niss) ${RANK}`);
  const byBirth = db.prepare(`${SELECT} WHERE p.id IN (SELECT id FROM people WHERE birth_date = @birthDate) ${RANK}`);
  const dayList = db.prepare<[string], ReceptionRow>(`${SELECT} WHERE i.day = ? ORDER BY i.start_at, p.family_name`);
  // Only what the counters need, through the covering index of migration 40: no people join, no sort.
  const dayCounts = db.prepare<[string], DayCountRow>(DAY_COUNTS);
  const byName = new Map<number, ReturnType<Db['prepare']>>();
  const rank = (today: string, limit: number) => ({ today, lo: addDays(today, -2), hi: addDays(today, 2), limit });

  return {
    byCode: (code: string) => byCode.get(code),
    row: (invitationId: string) => byInvitation.get(invitationId),
    byNiss: (niss: string, today: string, limit: number) => byNiss.all({ niss, ...rank(today, limit) }) as ReceptionRow[],
    byBirthDate: (birthDate: string, today: string, limit: number) => byBirth.all({ birthDate, ...rank(today, limit) }) as ReceptionRow[],
    byName(words: string[], today: string, limit: number): ReceptionRow[] {
      const sorted = [...words].sort((a, b) => b.length - a.length);
      let stmt = byName.get(sorted.length);
      if (!stmt) {
        stmt = db.prepare(`${SELECT} WHERE p.id IN (${nameSubquery(sorted.length)}) ${RANK}`);
        byName.set(sorted.length, stmt);
      }
      const params: Record<string, unknown> = rank(today, limit);
      sorted.forEach((w, k) => {
        params[`w${k}`] = w;
        params[`e${k}`] = prefixEnd(w);
      });
      return stmt.all(params) as ReceptionRow[];
    },
    day: (day: string) => dayList.all(day),
    /** Every appointment of a day, reduced to what the day's counters count. */
    dayCounts: (day: string) => dayCounts.all(day),
    /** For tests: the SQL of a name search with n words, to inspect its query plan. */
    nameSql: (n: number) => `${SELECT} WHERE p.id IN (${nameSubquery(n)}) ${RANK}`,
    codeSql: `${SELECT} WHERE i.code = ?`,
    dayCountsSql: DAY_COUNTS,
    nissSql: `${SELECT} WHERE p.id = (SELECT id FROM people WHERE niss = @niss) ${RANK}`,
    birthSql: `${SELECT} WHERE p.id IN (SELECT id FROM people WHERE birth_date = @birthDate) ${RANK}`,
  };
}
export type ReceptionSearchRepo = ReturnType<typeof receptionSearchRepo>;
