import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';

/** Everything a person sees is in Brussels time, whatever the machine's zone. */
export const CENTER_TZ = 'Europe/Brussels';

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

/** The Brussels calendar date (YYYY-MM-DD) of an instant. */
export function localDate(instant: Date | string | number): string {
  return format(new TZDate(new Date(instant).getTime(), CENTER_TZ), 'yyyy-MM-dd');
}

/** The Brussels wall-clock time (HH:mm) of an instant. */
export function localTime(instant: Date | string | number): string {
  return format(new TZDate(new Date(instant).getTime(), CENTER_TZ), 'HH:mm');
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
