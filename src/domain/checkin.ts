import { addDays, daysBetween } from './time';

/**
 * Check-in guards. Each is a reason to stop and look before letting someone in; all but
 * 'already checked in' can be overridden deliberately, with a reason that goes to the audit log.
 * A second arrival is never recorded, so that one has no override (the database enforces it too).
 */
export const GUARD_KINDS = ['cancelled', 'dayClosed', 'otherDay', 'interval', 'otherCenter', 'capacity'] as const;
export type GuardKind = (typeof GUARD_KINDS)[number];

export type Guard =
  | { guard: 'cancelled' }
  | { guard: 'dayClosed'; day: string }
  | { guard: 'otherDay'; direction: 'early' | 'late'; day: string; days: number }
  | { guard: 'interval'; previousDate: string; minDays: number; earliestDate: string; productCode: string }
  | { guard: 'otherCenter'; centerId: string }
  | { guard: 'capacity'; open: boolean; published: number | null; booked: number };

export interface DayCapacity {
  open: boolean;
  published: number | null;
  booked: number;
}

export interface CheckinFacts {
  today: string;
  centerId: string;
  invitation: { status: string; day: string; centerId: string; doseNumber: number };
  /** The day of the person's previous dose in the series (an earlier vaccination, else the earlier-dose invitation). */
  previousDose: { date: string; productCode: string } | null;
  /** Minimum days between doses of the product the previous dose was given with, if it has a second dose. */
  minIntervalDays: number | null;
  /** Whether today's list has been closed (everyone not arrived became a no-show). */
  todayClosed: boolean;
  /** Today's capacity, when the planning module knows it. */
  capacity: DayCapacity | null;
  /** Arrivals already recorded today. */
  arrivedToday: number;
  /** A walk-in is one more person on today's list. */
  walkin?: boolean;
}

export function checkinGuards(f: CheckinFacts): Guard[] {
  const g: Guard[] = [];
  const inv = f.invitation;
  if (inv.status === 'cancelled') g.push({ guard: 'cancelled' });
  if (inv.day !== f.today) {
    const days = daysBetween(f.today, inv.day);
    g.push({ guard: 'otherDay', direction: days > 0 ? 'early' : 'late', day: inv.day, days: Math.abs(days) });
  } else if (f.todayClosed || inv.status === 'noshow') {
    g.push({ guard: 'dayClosed', day: inv.day });
  }
  if (inv.doseNumber > 1 && f.previousDose && f.minIntervalDays) {
    const earliestDate = addDays(f.previousDose.date, f.minIntervalDays);
    if (f.today < earliestDate) {
      g.push({ guard: 'interval', previousDate: f.previousDose.date, minDays: f.minIntervalDays, earliestDate, productCode: f.previousDose.productCode });
    }
  }
  if (inv.centerId !== f.centerId) g.push({ guard: 'otherCenter', centerId: inv.centerId });
  // Someone booked for today is already counted in today's bookings; only a person added to the
  // day (booked on another day, at another center, or cancelled) can push it over capacity.
  const addsToDay = f.walkin === true || inv.day !== f.today || inv.centerId !== f.centerId || inv.status === 'cancelled';
  if (addsToDay && f.capacity && isFull(f.capacity, f.arrivedToday)) {
    g.push({ guard: 'capacity', open: f.capacity.open, published: f.capacity.published, booked: f.capacity.booked });
  }
  return g;
}

export function isFull(c: DayCapacity, arrivedToday: number): boolean {
  if (!c.open) return true;
  if (c.published === null) return false;
  return Math.max(c.booked, arrivedToday) >= c.published;
}

/** The guards the caller did not explicitly override. */
export function unresolved(guards: readonly Guard[], overridden: readonly GuardKind[]): Guard[] {
  return guards.filter((g) => !overridden.includes(g.guard));
}
