import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { enGB, fr, nl, type Locale as DateLocale } from 'date-fns/locale';
import type { Locale } from './index';

/** Whatever the machine's zone, a Belgian vaccination center lives in Brussels time. */
export const CENTER_TZ = 'Europe/Brussels';

const DATE_LOCALES: Record<Locale, DateLocale> = { nl, fr, en: enGB };

function brussels(instant: string | number | Date): TZDate | null {
  const t = new Date(instant).getTime();
  return Number.isNaN(t) ? null : new TZDate(t, CENTER_TZ);
}

/** 30 jul. 2021 14:05 — an instant (UTC ISO string) as Brussels date and time. */
export function formatDateTime(instant: string | number | Date, locale: Locale): string {
  const d = brussels(instant);
  return d ? format(d, 'PP HH:mm', { locale: DATE_LOCALES[locale] }) : '—';
}

/** 14:05 — the Brussels wall-clock time of an instant. */
export function formatTime(instant: string | number | Date, locale: Locale): string {
  const d = brussels(instant);
  return d ? format(d, 'HH:mm', { locale: DATE_LOCALES[locale] }) : '—';
}

/** vrijdag 30 juli 2021 — a local date (YYYY-MM-DD) written out; it has no zone of its own. */
export function formatLocalDate(date: string, locale: Locale, pattern = 'EEEE d MMMM yyyy'): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return '—';
  const d = new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12, 0, 0, CENTER_TZ);
  return format(d, pattern, { locale: DATE_LOCALES[locale] });
}

/** The Brussels calendar date (YYYY-MM-DD) of an instant. */
export function brusselsDate(instant: string | number | Date): string {
  const d = brussels(instant);
  return d ? format(d, 'yyyy-MM-dd') : '';
}
