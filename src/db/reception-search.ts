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

/** The other query words, checked through the candidate person's own few tokens. */
function otherWords(n: number, person: string): string {
  let sql = '';
  for (let k = 1; k < n; k++) {
    sql += ` AND EXISTS (SELECT 1 FROM person_tokens t${k} WHERE t${k}.person_id = ${person} AND t${k}.token >= @w${k} AND t${k}.token < @e${k})`;
  }
  return sql;
}

/**
 * The person ids whose name tokens start with every query word: the word with the fewest people in
 * the whole region drives the index range scan; the others are checked per candidate through the
 * person's own few tokens, so a one-letter word like the 'j' of 'dupont j' never scans a range.
 * The first @scan people who match every word are ranked: a name shared by thousands answers with
 * some of them and `more`, and the receptionist types one more letter.
 */
function nameSubquery(n: number): string {
  return `SELECT t0.person_id FROM person_tokens t0 WHERE t0.token >= @w0 AND t0.token < @e0${otherWords(n, 't0.person_id')} LIMIT @scan`;
}

/**
 * The invitations on the given days whose person's tokens start with every query word: one short
 * range of day_name_tokens per day and word (migration 41), intersected; ranked inside the index's
 * own columns. The other words are either intersected (contiguous ranges, a fraction of a
 * microsecond per entry) or checked per candidate through person_tokens (a random page each, a
 * few microseconds): `probe` when the driving word has far fewer candidates than the others.
 */
function daySubquery(days: number, n: number, check: 'intersect' | 'probe' = 'intersect'): string {
  const list = Array.from({ length: days }, (_, k) => `@d${k}`).join(', ');
  let sql = `SELECT t0.invitation_id FROM day_name_tokens t0 WHERE t0.day IN (${list}) AND t0.token >= @w0 AND t0.token < @e0`;
  if (check === 'probe') sql += otherWords(n, 't0.person_id');
  else {
    for (let k = 1; k < n; k++) {
      sql += ` AND t0.invitation_id IN (SELECT t${k}.invitation_id FROM day_name_tokens t${k} WHERE t${k}.day IN (${list}) AND t${k}.token >= @w${k} AND t${k}.token < @e${k})`;
    }
  }
  return `${sql} GROUP BY t0.invitation_id ORDER BY abs(julianday(t0.day) - julianday(@today)), min(t0.start_at) LIMIT @limit`;
}

/** How many people matching every word a name search ranks beyond the nearby days. */
export const NAME_SCAN = 100;
/** How far a word's range in the whole region is counted to find the rarest word. */
const REGION_RARITY_CAP = 5_000;
/** How far a word's range in today's index is counted to find the rarest word of a query. */
const RARITY_CAP = 2_000;

export function receptionSearchRepo(db: Db) {
  const byCode = db.prepare<[string], ReceptionRow>(`${SELECT} WHERE i.code = ?`);
  const byInvitation = db.prepare<[string], ReceptionRow>(`${SELECT} WHERE i.id = ?`);
  const byNiss = db.prepare(`${SELECT} WHERE p.id = (SELECT id FROM people WHERE niss = @niss) ${RANK}`);
  const byBirth = db.prepare(`${SELECT} WHERE p.id IN (SELECT id FROM people WHERE birth_date = @birthDate) ${RANK}`);
  const dayList = db.prepare<[string], ReceptionRow>(`${SELECT} WHERE i.day = ? ORDER BY i.start_at, p.family_name`);
  // Only what the counters need, through the covering index of migration 40: no people join, no sort.
  const dayCounts = db.prepare<[string], DayCountRow>(DAY_COUNTS);
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (key: string, sql: () => string) => {
    let stmt = statements.get(key);
    if (!stmt) statements.set(key, (stmt = db.prepare(sql())));
    return stmt;
  };
  const rank = (today: string, limit: number) => ({ today, lo: addDays(today, -2), hi: addDays(today, 2), limit });
  const nameSql = (n: number) => `${SELECT} WHERE i.person_id IN (${nameSubquery(n)}) AND i.day NOT BETWEEN @lo AND @hi ${RANK}`;
  const daySql = (days: number, n: number, check: 'intersect' | 'probe' = 'intersect') => `${SELECT} WHERE i.id IN (${daySubquery(days, n, check)}) ${RANK}`;
  const rangeSize = db.prepare<{ w: string; e: string; cap: number }, { n: number }>(
    `SELECT count(*) AS n FROM (SELECT 1 FROM person_tokens WHERE token >= @w AND token < @e LIMIT @cap)`,
  );
  const DAY_RANGE_SIZE = `SELECT count(*) AS n FROM (SELECT 1 FROM day_name_tokens WHERE day = @day AND token >= @w AND token < @e LIMIT @cap)`;
  /**
   * The query's words, the one that drives the index scans first: the rarest in today's list (a
   * given name like 'ana' beats a particle like 'vanden' shared by a fifth of the region), the
   * longest when they are equally common.
   */
  const byRarity = (words: string[], today: string): { sorted: string[]; check: 'intersect' | 'probe' } => {
    const sorted = [...words].sort((a, b) => b.length - a.length);
    if (sorted.length < 2) return { sorted, check: 'intersect' };
    const count = prepared('rarity', () => DAY_RANGE_SIZE);
    const size = new Map(sorted.map((w) => [w, (count.get({ day: today, w, e: prefixEnd(w), cap: RARITY_CAP }) as { n: number }).n]));
    sorted.sort((a, b) => size.get(a)! - size.get(b)! || b.length - a.length);
    // Measured on a million invitations: a probe (4 µs) costs about as much as eight intersected entries.
    const others = Math.min(...sorted.slice(1).map((w) => size.get(w)!));
    return { sorted, check: size.get(sorted[0]!)! * 8 < others ? 'probe' : 'intersect' };
  };

  return {
    byCode: (code: string) => byCode.get(code),
    row: (invitationId: string) => byInvitation.get(invitationId),
    byNiss: (niss: string, today: string, limit: number) => byNiss.all({ niss, ...rank(today, limit) }) as ReceptionRow[],
    byBirthDate: (birthDate: string, today: string, limit: number) => byBirth.all({ birthDate, ...rank(today, limit) }) as ReceptionRow[],
    /**
     * Name search, today first: today's matches, then a day and two days either side (straight from
     * the day index), then up to NAME_SCAN people of the whole region who match every word,
     * nearest day first.
     */
    byName(words: string[], today: string, limit: number): ReceptionRow[] {
      const { sorted, check } = byRarity(words, today);
      const n = sorted.length;
      const bind = (order: string[]) => {
        const params: Record<string, unknown> = { ...rank(today, limit), scan: NAME_SCAN };
        order.forEach((w, k) => {
          params[`w${k}`] = w;
          params[`e${k}`] = prefixEnd(w);
        });
        return params;
      };
      const params = bind(sorted);
      const rows = prepared(`day1:${n}:${check}`, () => daySql(1, n, check)).all({ ...params, d0: today }) as ReceptionRow[];
      // A day either side, then two: most broad names have filled the list after the first.
      for (const k of [1, 2]) {
        if (rows.length >= limit) break;
        const more = prepared(`day2:${n}:${check}`, () => daySql(2, n, check)).all({ ...params, limit: limit - rows.length, d0: addDays(today, -k), d1: addDays(today, k) });
        rows.push(...(more as ReceptionRow[]));
      }
      if (rows.length < limit) {
        // Rarest in the whole region now (today's counts say nothing about the other days).
        const size = new Map(sorted.map((w) => [w, n < 2 ? 0 : rangeSize.get({ w, e: prefixEnd(w), cap: REGION_RARITY_CAP })!.n]));
        const order = [...sorted].sort((a, b) => size.get(a)! - size.get(b)! || b.length - a.length);
        rows.push(...(prepared(`rest:${n}`, () => nameSql(n)).all({ ...bind(order), limit: limit - rows.length }) as ReceptionRow[]));
      }
      return rows;
    },
    day: (day: string) => dayList.all(day),
    /** Every appointment of a day, reduced to what the day's counters count. */
    dayCounts: (day: string) => dayCounts.all(day),
    /** For tests: the SQL of a name search's steps with n words, to inspect their query plans. */
    nameSql,
    daySql,
    codeSql: `${SELECT} WHERE i.code = ?`,
    dayCountsSql: DAY_COUNTS,
    nissSql: `${SELECT} WHERE p.id = (SELECT id FROM people WHERE niss = @niss) ${RANK}`,
    birthSql: `${SELECT} WHERE p.id IN (SELECT id FROM people WHERE birth_date = @birthDate) ${RANK}`,
  };
}
export type ReceptionSearchRepo = ReturnType<typeof receptionSearchRepo>;
