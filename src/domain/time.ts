import { TZDate } from '@date-fns/tz';

/** Everything a person sees is in Brussels time, whatever the machine's zone. */
export const CENTER_TZ = 'Europe/Brussels';

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

// Brussels' offset from UTC only ever changes on a whole UTC hour (EU rules switch at 01:00 UTC),
// so one time-zone computation per UTC hour serves every instant in it. The full computation costs
// about a hundred microseconds; the pull and the day counters call this once per row (the benchmark
// found a 10,000-appointment day spending two seconds here).
const offsetByHour = new Map<number, number>();
function brusselsOffsetMs(ms: number): number {
  const hour = Math.floor(ms / 3_600_000);
  let off = offsetByHour.get(hour);
  if (off === undefined) {
    off = -new TZDate(hour * 3_600_000, CENTER_TZ).getTimezoneOffset() * 60_000;
    if (offsetByHour.size >= 100_000) offsetByHour.clear();
    offsetByHour.set(hour, off);
  }
  return off;
}

/** The instant shifted to Brussels wall-clock time, read with the UTC getters. */
function brusselsWall(instant: Date | string | number): string {
  const ms = new Date(instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError('Invalid time value');
  return new Date(ms + brusselsOffsetMs(ms)).toISOString();
}

/** The Brussels calendar date (YYYY-MM-DD) of an instant. */
export function localDate(instant: Date | string | number): string {
  return brusselsWall(instant).slice(0, 10);
}

/** The Brussels wall-clock time (HH:mm) of an instant. */
export function localTime(instant: Date | string | number): string {
  return brusselsWall(instant).slice(11, 16);
}

/** The UTC instant of a Brussels wall-clock time on a date (DST-correct). */
export function brusselsInstant(date: string, time: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, mo - 1, d, h, mi, 0, CENTER_TZ).getTime());
}

export function addDays(date: string, days: number): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)) + days);
  return new Date(t).toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
