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

/**
 * A name search assembles up to thirty rows of twenty columns, and turning each row into a keyed
 * object inside the driver costs more than the lookups behind it: the row-reading statements
 * return plain arrays (better-sqlite3's raw mode) and this builds the object in one literal.
 * The column order is checked against SELECT when a statement is prepared.
 */
const ROW_KEYS = [
  'invitationId', 'code', 'personId', 'familyName', 'givenName', 'birthDate', 'niss', 'day', 'startAt', 'endAt',
  'doseNumber', 'productCode', 'status', 'centerId', 'source', 'arrivedAt', 'arrivalDesk', 'arrivalStaff', 'outcome', 'lotId',
] as const satisfies readonly (keyof ReceptionRow)[];
const toRow = (a: unknown[]): ReceptionRow => ({
  invitationId: a[0] as string,
  code: a[1] as string,
  personId: a[2] as string,
  familyName: a[3] as string,
  givenName: a[4] as string,
  birthDate: a[5] as string | null,
  niss: a[6] as string | null,
  day: a[7] as string,
  startAt: a[8] as string,
  endAt: a[9] as string,
  doseNumber: a[10] as number,
  productCode: a[11] as string | null,
  status: a[12] as InvitationStatus,
  centerId: a[13] as string,
  source: a[14] as string,
  arrivedAt: a[15] as string | null,
  arrivalDesk: a[16] as string | null,
  arrivalStaff: a[17] as string | null,
  outcome: a[18] as ReceptionRow['outcome'],
  lotId: a[19] as string | null,
});

// Today first, then within two days, then the rest, nearest first: the person at the desk is
// almost always booked for today, and a mistaken day is usually off by one or two.
// Why the plus before @limit: src/db/bound-limits.test.ts.
const RANK = `ORDER BY CASE WHEN i.day = @today THEN 0 WHEN i.day BETWEEN @lo AND @hi THEN 1 ELSE 2 END,
  abs(julianday(i.day) - julianday(@today)), i.start_at LIMIT +@limit`;

/**
 * The other query words, checked inside the index row the scan is already on: the row carries the
 * person's name key (migration 42), and ' ' + word occurs in it exactly when one of the person's
 * tokens starts with the word. No second range, no random page per candidate.
 */
function otherWords(n: number, alias: string): string {
  let sql = '';
  for (let k = 1; k < n; k++) sql += ` AND instr(${alias}.names, @s${k}) > 0`;
  return sql;
}

/**
 * The person ids whose name tokens start with every query word: the rarest word drives the index
 * range scan, the others are checked in the same rows. Only as many people as the search still
 * needs are read (@scan): a name shared by thousands answers with some of them and `more`, and the
 * receptionist types one more letter.
 */
function nameSubquery(n: number): string {
  return `SELECT DISTINCT t0.person_id FROM person_tokens t0 WHERE t0.token >= @w0 AND t0.token < @e0${otherWords(n, 't0')} LIMIT +@scan`;
}

/**
 * The invitations on the given days whose person's tokens start with every query word: one short
 * range of day_name_tokens per day (migration 41) for the rarest word, the others checked in the
 * same rows; ranked inside the index's own columns. A person can match the driving word twice
 * ('van' in 'van' and 'vandenbossche'), hence DISTINCT (an invitation's rows share one start).
 * Only the first @matches appointments that match are ranked: 'vande' alone matches two thousand
 * people a day, reading and sorting them all costs a millisecond and a half, and the list shows
 * thirty with `more` either way. @matches is above the list's length, so a step that stops
 * there has filled the list, and one that did not has listed every match of its days.
 */
function daySubquery(days: number, n: number): string {
  const list = Array.from({ length: days }, (_, k) => `@d${k}`).join(', ');
  return `SELECT invitation_id FROM (SELECT DISTINCT t0.invitation_id, t0.start_at FROM day_name_tokens t0
      WHERE t0.day IN (${list}) AND t0.token >= @w0 AND t0.token < @e0${otherWords(n, 't0')} LIMIT +@matches)
    ORDER BY start_at LIMIT +@limit`;
}

/** How far a word's range in today's index is counted to find the rarest word of a query. */
const RARITY_CAP = 500;
/** How long, and for how many words, such a count is reused. */
const RARITY_TTL_MS = 60_000;
const RARITY_KEEP = 5_000;

export function receptionSearchRepo(db: Db) {
  const byCode = db.prepare<[string], ReceptionRow>(`${SELECT} WHERE i.code = ?`);
  const byInvitation = db.prepare<[string], ReceptionRow>(`${SELECT} WHERE i.id = ?`);
  const byNiss = db.prepare(`${SELECT} WHERE p.id = (SELECT id FROM people WHERE niss = @niss) ${RANK}`);
  const byBirth = db.prepare(`${SELECT} WHERE p.id IN (SELECT id FROM people WHERE birth_date = @birthDate) ${RANK}`);
  const dayList = db.prepare<[string], ReceptionRow>(`${SELECT} WHERE i.day = ? ORDER BY i.start_at, p.family_name`);
  // Only what the counters need, through the covering index of migration 40: no people join, no sort.
  // Ten thousand rows a read: plain arrays from the driver, one literal each (as for name search).
  const dayCounts = db.prepare<[string], unknown[]>(DAY_COUNTS).raw(true);
  if (dayCounts.columns().map((c) => c.name).join() !== 'startAt,status,source,arrivedAt,outcome') throw new Error('day count columns out of order');
  const statements = new Map<string, ReturnType<Db['prepare']>>();
  const prepared = (key: string, sql: () => string) => {
    let stmt = statements.get(key);
    if (!stmt) statements.set(key, (stmt = db.prepare(sql())));
    return stmt;
  };
  /** A row-reading statement in raw mode: all() gives ReceptionRows built by toRow. */
  const rowsStatement = (stmt: ReturnType<Db['prepare']>) => {
    const names = stmt.columns().map((c) => c.name);
    if (names.join() !== ROW_KEYS.join()) throw new Error(`reception row columns out of order: ${names.join()}`);
    stmt.raw(true);
    return (params: Record<string, unknown>) => (stmt.all(params) as unknown[][]).map(toRow);
  };
  const rowQueries = new Map<string, (params: Record<string, unknown>) => ReceptionRow[]>();
  const rowsOf = (key: string, sql: () => string) => {
    let run = rowQueries.get(key);
    if (!run) rowQueries.set(key, (run = rowsStatement(db.prepare(sql()))));
    return run;
  };
  const rank = (today: string, limit: number) => ({ today, lo: addDays(today, -2), hi: addDays(today, 2), limit });
  const nameSql = (n: number) => `${SELECT} WHERE i.person_id IN (${nameSubquery(n)}) AND i.day NOT BETWEEN @lo AND @hi ${RANK}`;
  // The days of one step are equally far from today (today alone, or k days either side), so the
  // step ranks by start time alone: no date arithmetic per row.
  const daySql = (days: number, n: number) => `${SELECT} WHERE i.id IN (${daySubquery(days, n)}) ORDER BY i.start_at LIMIT +@limit`;
  const DAY_RANGE_SIZE = `SELECT count(*) AS n FROM (SELECT 1 FROM day_name_tokens WHERE day = @day AND token >= @w AND token < @e LIMIT +@cap)`;
  /**
   * The query's words, the one that drives the index scans first: the rarest in today's list (a
   * given name like 'ana' beats a particle like 'vanden' shared by a fifth of the region), the
   * longest when they are equally common. Today's ten thousand appointments are a fair sample of
   * the region's names, so the same order drives the region-wide step.
   */
  const byRarity = (words: string[], today: string): string[] => {
    const sorted = [...words].sort((a, b) => b.length - a.length);
    if (sorted.length < 2) return sorted;
    const size = new Map(sorted.map((w) => [w, rarity(w, today)]));
    return sorted.sort((a, b) => size.get(a)! - size.get(b)! || b.length - a.length);
  };
  /**
   * A word's count in today's index, remembered for a minute: a name typed letter by letter asks
   * for the same first word at every key, and common given names come back all day. A count only
   * orders the words, so one that is out of date costs time, never an answer.
   */
  const counted = new Map<string, { n: number; at: number }>();
  const rarity = (w: string, today: string): number => {
    const key = `${today} ${w}`;
    const now = Date.now();
    const hit = counted.get(key);
    if (hit && now - hit.at < RARITY_TTL_MS) return hit.n;
    if (counted.size >= RARITY_KEEP) counted.clear();
    const n = (prepared('rarity', () => DAY_RANGE_SIZE).get({ day: today, w, e: prefixEnd(w), cap: RARITY_CAP }) as { n: number }).n;
    counted.set(key, { n, at: now });
    return n;
  };

  return {
    byCode: (code: string) => byCode.get(code),
    row: (invitationId: string) => byInvitation.get(invitationId),
    byNiss: (niss: string, today: string, limit: number) => byNiss.all({ niss, ...rank(today, limit) }) as ReceptionRow[],
    byBirthDate: (birthDate: string, today: string, limit: number) => byBirth.all({ birthDate, ...rank(today, limit) }) as ReceptionRow[],
    /**
     * Name search, today first: today's matches, then a day and two days either side (straight from
     * the day index), then the first people of the whole region who match every word (in index
     * order, not nearest first: reading them all would cost a scan of the whole range).
     */
    byName(words: string[], today: string, limit: number): ReceptionRow[] {
      const sorted = byRarity(words, today);
      const n = sorted.length;
      const params: Record<string, unknown> = { ...rank(today, limit), matches: 4 * limit };
      sorted.forEach((w, k) => {
        params[`w${k}`] = w;
        params[`e${k}`] = prefixEnd(w);
        params[`s${k}`] = ` ${w}`;
      });
      const rows = rowsOf(`day1:${n}`, () => daySql(1, n))({ ...params, d0: today });
      // A day either side, then two: most broad names have filled the list after the first.
      for (const k of [1, 2]) {
        if (rows.length >= limit) break;
        rows.push(...rowsOf(`day2:${n}`, () => daySql(2, n))({ ...params, limit: limit - rows.length, d0: addDays(today, -k), d1: addDays(today, k) }));
      }
      if (rows.length < limit) {
        // Every person of the nearby days who matches is already in rows, so reading `limit` people
        // leaves at least `limit - rows.length` from further away whenever the region has them:
        // the list is full, and `more` is true, exactly when there are more.
        rows.push(...rowsOf(`rest:${n}`, () => nameSql(n))({ ...params, limit: limit - rows.length, scan: limit }));
      }
      return rows;
    },
    day: (day: string) => dayList.all(day),
    /** Every appointment of a day, reduced to what the day's counters count. */
    dayCounts: (day: string): DayCountRow[] =>
      dayCounts.all(day).map((a) => ({
        startAt: a[0] as string,
        status: a[1] as InvitationStatus,
        source: a[2] as string,
        arrivedAt: a[3] as string | null,
        outcome: a[4] as DayCountRow['outcome'],
      })),
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
