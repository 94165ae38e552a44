import type { Db } from './open';
import type { BookingFacts, FirstDoseFacts } from '../domain/capacity';
import type { PlannedSlot } from '../domain/slots';

export interface CapacityVersion {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
  fromDay: string;
  toDay: string;
  total: number;
}

/** A published slot as the sync pushes it: Brussels date + wall-clock time, length, people. */
export interface PublishedSlot {
  date: string;
  time: string;
  minutes: number;
  capacity: number;
  startAt: string;
  endAt: string;
}

const VERSION_COLS = `version, published_at AS publishedAt, published_by AS publishedBy, from_day AS fromDay, to_day AS toDay, total`;
const SLOT_COLS = `day AS date, local_time AS time, minutes, capacity, start_at AS startAt, end_at AS endAt`;

/** Published capacity versions, plus the booking figures capacity is computed from (read-only over invitations). */
export function capacityRepo(db: Db) {
  const latest = db.prepare<[], { v: number | null }>(`SELECT max(version) AS v FROM capacity_versions`);
  const version = db.prepare<[number], CapacityVersion>(`SELECT ${VERSION_COLS} FROM capacity_versions WHERE version = ?`);
  const versions = db.prepare<[number], CapacityVersion>(`SELECT ${VERSION_COLS} FROM capacity_versions ORDER BY version DESC LIMIT +?`);
  const insertVersion = db.prepare(
    `INSERT INTO capacity_versions (version, published_at, published_by, from_day, to_day, total) VALUES (@version, @publishedAt, @publishedBy, @fromDay, @toDay, @total)`,
  );
  const insertSlot = db.prepare(
    `INSERT INTO capacity_slots (version, day, start_at, end_at, local_time, minutes, capacity) VALUES (@version, @day, @startAt, @endAt, @localTime, @minutes, @capacity)`,
  );
  const carryOver = db.prepare(
    `INSERT INTO capacity_slots (version, day, start_at, end_at, local_time, minutes, capacity)
     SELECT @next, day, start_at, end_at, local_time, minutes, capacity FROM capacity_slots WHERE version = @prev AND (day < @from OR day > @to)`,
  );
  const slots = db.prepare<[number], PublishedSlot>(`SELECT ${SLOT_COLS} FROM capacity_slots WHERE version = ? ORDER BY day, start_at`);
  const daySlots = db.prepare<[number, string], PublishedSlot>(`SELECT ${SLOT_COLS} FROM capacity_slots WHERE version = ? AND day = ? ORDER BY start_at`);
  const rangeSlots = db.prepare<[number, string, string], PublishedSlot>(
    `SELECT ${SLOT_COLS} FROM capacity_slots WHERE version = ? AND day >= ? AND day <= ? ORDER BY day, start_at`,
  );
  const dayTotals = db.prepare<[number, string, string], { day: string; total: number }>(
    `SELECT day, sum(capacity) AS total FROM capacity_slots WHERE version = ? AND day >= ? AND day <= ? GROUP BY day`,
  );
  const bookings = db.prepare<[string, string, string | null, string | null], BookingFacts>(
    `SELECT day, product_code AS productCode, count(*) AS booked,
       sum(status IN ('booked', 'arrived')) AS pending, sum(status = 'fulfilled') AS done
     FROM invitations WHERE day >= ? AND day <= ? AND status <> 'cancelled' AND (? IS NULL OR center_id = ?)
     GROUP BY day, product_code`,
  );
  // First doses whose next dose has no invitation yet: their second dose must be held back.
  const firstDoses = db.prepare<[string, string, string | null, string | null], FirstDoseFacts>(
    `SELECT i.day, i.product_code AS productCode, count(*) AS count
     FROM invitations i LEFT JOIN products p ON p.code = i.product_code
     WHERE i.day >= ? AND i.day <= ? AND i.status IN ('booked', 'arrived', 'fulfilled') AND (? IS NULL OR i.center_id = ?)
       AND i.dose_number < coalesce(p.doses_in_series, 2)
       AND NOT EXISTS (SELECT 1 FROM invitations j WHERE j.person_id = i.person_id AND j.dose_number = i.dose_number + 1 AND j.status <> 'cancelled')
     GROUP BY i.day, i.product_code`,
  );
  const latestVersion = () => latest.get()!.v;
  return {
    latestVersion,
    version: (v: number) => version.get(v),
    versions: (limit: number) => versions.all(limit),
    /**
     * Writes version `next` = the previous version's slots outside [from, to] + the given slots:
     * every version is a complete picture of what is published.
     */
    writeVersion(v: CapacityVersion, inRange: PlannedSlot[]): void {
      const prev = latestVersion();
      insertVersion.run(v);
      if (prev !== null) carryOver.run({ next: v.version, prev, from: v.fromDay, to: v.toDay });
      for (const s of inRange) insertSlot.run({ version: v.version, day: s.day, startAt: s.startAt, endAt: s.endAt, localTime: s.localTime, minutes: s.minutes, capacity: s.capacity });
    },
    /** For the sync engine: every slot of one version (null when that version does not exist). */
    versionSlots(v: number): { version: CapacityVersion; slots: PublishedSlot[] } | null {
      const row = version.get(v);
      return row ? { version: row, slots: slots.all(v) } : null;
    },
    slotsOfDay: (v: number, day: string) => daySlots.all(v, day),
    slotsInRange: (v: number, from: string, to: string) => rangeSlots.all(v, from, to),
    /** Latest published people per day in [from, to]; days never published are absent. */
    publishedTotals(from: string, to: string): Map<string, number> {
      const v = latestVersion();
      return new Map(v === null ? [] : dayTotals.all(v, from, to).map((r) => [r.day, r.total]));
    },
    bookings: (from: string, to: string, centerId: string | null) => bookings.all(from, to, centerId, centerId),
    firstDoses: (from: string, to: string, centerId: string | null) => firstDoses.all(from, to, centerId, centerId),
  };
}
export type CapacityRepo = ReturnType<typeof capacityRepo>;
