import { brusselsInstant, localDate, localTime } from './time';

/** What a day plan says about one date (Brussels wall-clock hours). */
export interface DayPlan {
  day: string;
  open: boolean;
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  lanes: number;
  perLane: number;
  products: string[];
}

export interface PlannedSlot {
  day: string;
  /** UTC instants: on DST days the wall clock lies, the instants do not. */
  startAt: string;
  endAt: string;
  /** Brussels wall-clock label (HH:mm). On 2021-10-31 the label 02:00 occurs twice. */
  localTime: string;
  minutes: number;
  capacity: number;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Why a plan's hours cannot work, as a sentence saying what to fix; null when they can.
 * The slot length must divide the wall-clock opening time exactly so that the last slot does not
 * run past closing and no odd minutes are left at the end of the day.
 */
export function hoursProblem(p: Pick<DayPlan, 'opensAt' | 'closesAt' | 'slotMinutes'>): { field: string; message: string } | null {
  const open = minutesOf(p.opensAt);
  const close = minutesOf(p.closesAt);
  if (close <= open) return { field: 'closesAt', message: `Closing time ${p.closesAt} must be after opening time ${p.opensAt}.` };
  const span = close - open;
  if (p.slotMinutes > span) return { field: 'slotMinutes', message: `A slot of ${p.slotMinutes} minutes does not fit in ${span} minutes of opening; choose a shorter slot.` };
  if (span % p.slotMinutes !== 0) {
    const fits = [5, 10, 15, 20, 30, 60].filter((m) => span % m === 0).join(', ');
    return { field: 'slotMinutes', message: `${span} minutes of opening cannot be cut into slots of ${p.slotMinutes} minutes; use a length that divides it (for example ${fits}) or change the hours.` };
  }
  return null;
}

/**
 * The day's slots, stepped in real time from the Brussels opening instant to the closing instant.
 * On 2021-03-28 a night opening loses the 02:00 hour and on 2021-10-31 it gets 02:00 twice; day
 * openings keep their count but move one hour in UTC.
 */
export function daySlots(p: DayPlan): PlannedSlot[] {
  if (!p.open || p.lanes <= 0 || p.perLane <= 0) return [];
  const start = brusselsInstant(p.day, p.opensAt).getTime();
  const end = brusselsInstant(p.day, p.closesAt).getTime();
  const step = p.slotMinutes * 60_000;
  const out: PlannedSlot[] = [];
  for (let t = start; t + step <= end; t += step) {
    const s = new Date(t);
    if (localDate(s) !== p.day) break;
    out.push({ day: p.day, startAt: s.toISOString(), endAt: new Date(t + step).toISOString(), localTime: localTime(s), minutes: p.slotMinutes, capacity: p.lanes * p.perLane });
  }
  return out;
}

/** People the lanes can see in a day: slots × lanes × people per lane per slot. */
export function throughput(p: DayPlan): number {
  return daySlots(p).reduce((n, s) => n + s.capacity, 0);
}

/**
 * Spreads a day's published total over its slots, never above a slot's throughput, earlier
 * slots first so that leftover doses are known early in the day.
 */
export function distribute(slots: PlannedSlot[], total: number): PlannedSlot[] {
  const n = slots.length;
  if (n === 0) return [];
  let left = Math.max(0, Math.min(total, slots.reduce((a, s) => a + s.capacity, 0)));
  const base = Math.floor(left / n);
  const out = slots.map((s) => ({ ...s, capacity: Math.min(s.capacity, base) }));
  left -= out.reduce((a, s) => a + s.capacity, 0);
  // One more person per slot from the start of the day until the rest is placed.
  while (left > 0) {
    for (let i = 0; i < n && left > 0; i++) {
      if (out[i]!.capacity < slots[i]!.capacity) {
        out[i]!.capacity++;
        left--;
      }
    }
  }
  return out;
}

/** ISO weekday, 1 = Monday … 7 = Sunday, of a YYYY-MM-DD date. */
export function isoWeekday(day: string): number {
  const d = new Date(`${day}T12:00:00Z`).getUTCDay();
  return d === 0 ? 7 : d;
}
