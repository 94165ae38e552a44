import type { TFunction } from 'i18next';
import { missingCaseError, type ApiError } from '../../../src/api/errors';
import type { Guard, OutcomeGuard, ReceptionHit } from '../../../src/api/contract/reception';
import { punctuality, splitMinutes } from '../../../src/domain/punctuality';
import type { Locale } from '../../i18n';
import { errorText } from '../../i18n/errors';
import { formatDateTime, formatLocalDate, formatTime } from '../../i18n/format';

/** The banner text of one guard, with its facts. */
export function guardText(t: TFunction, g: Guard, locale: Locale): string {
  switch (g.guard) {
    case 'cancelled':
      return t('reception.guard.cancelled');
    case 'dayClosed':
      return t('reception.guard.dayClosed');
    case 'otherDay':
      return t(g.direction === 'early' ? 'reception.guard.early' : 'reception.guard.late', { count: g.days, day: formatLocalDate(g.day, locale) });
    case 'interval':
      return t('reception.guard.interval', { previous: formatLocalDate(g.previousDate, locale, 'd MMM yyyy'), days: g.minDays, earliest: formatLocalDate(g.earliestDate, locale, 'd MMM yyyy') });
    case 'otherCenter':
      return t('reception.guard.otherCenter', { center: g.centerId });
    case 'capacity':
      return g.open ? t('reception.guard.capacity', { booked: g.booked, published: g.published ?? '—' }) : t('reception.guard.closedDay');
    default:
      return String((g as { guard: string }).guard);
  }
}

/** An API error as the desk reads it; reception's own codes carry the facts to show. */
export function receptionError(t: TFunction, e: ApiError, locale: Locale): string {
  const d = e.details ?? {};
  if (e.code === 'ALREADY_CHECKED_IN') {
    return t('reception.already', { when: formatTime(String(d.at), locale), desk: String(d.deskId ?? '?'), who: String(d.staffName ?? '?') });
  }
  if (e.code === 'STOCK') return t(d.reason === 'expired' ? 'reception.stockExpired' : 'reception.stockEmpty');
  if (e.code === 'INVALID_INPUT' && d.field === 'niss') return t(`reception.notice.niss${String(d.reason).replace(/^./, (c) => c.toUpperCase())}`);
  if (e.code === 'INVALID_INPUT' && d.field === 'birthDate') return t('reception.walkin.birthMismatch');
  if (e.code === 'INVALID_INPUT' && d.field === 'lotId') return t('reception.chooseLot');
  if (e.code === 'CONFLICT' && typeof d.invitationId === 'string') return t('reception.walkin.hasAppointment', { code: String(d.code ?? '') });
  if (e.code === 'CONFLICT' || e.code === 'NOT_FOUND') return e.message;
  return errorText(t, e, locale);
}

export function statusText(t: TFunction, h: ReceptionHit): string {
  if (h.outcome) return t(`reception.outcome.${h.outcome}`);
  return t(`reception.status.${h.status}`);
}

export function whenText(h: ReceptionHit, locale: Locale, today: string): string {
  return h.day === today ? formatTime(h.startAt, locale) : formatDateTime(h.startAt, locale);
}

/** The banner of a vaccine mismatch at the moment of vaccination. */
export function outcomeGuardText(t: TFunction, g: OutcomeGuard, locale: Locale): string {
  switch (g.guard) {
    case 'product':
      return t('reception.vaccine.guardProduct', { expected: g.expected, given: g.given });
    case 'seriesProduct':
      return t('reception.vaccine.guardSeries', { expected: g.expected, given: g.given, previous: formatLocalDate(g.previousDate, locale, 'd MMM yyyy') });
    default:
      throw missingCaseError(g);
  }
}

/** How late or early the person is against their slot: at arrival once arrived, else now. */
export function punctualityText(t: TFunction, h: ReceptionHit, now: Date): string | null {
  if (h.walkin || h.outcome) return null;
  const at = h.arrival?.at ?? (h.status === 'booked' ? now : null);
  if (!at) return null;
  const p = punctuality(h.startAt, at);
  if (p.kind === 'onTime') return null;
  const { h: hours, m } = splitMinutes(p.minutes);
  const span = hours > 0 ? t('reception.duration.hm', { h: hours, m: String(m).padStart(2, '0') }) : t('reception.duration.m', { m });
  return t(`reception.punctuality.${p.kind}`, { span });
}
