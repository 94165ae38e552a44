import type { TFunction } from 'i18next';
import type { ApiError } from '../../src/api/errors';
import type { Locale } from './index';
import { brusselsDate, formatDateTime, formatTime } from './format';

/** The message a person reads for an API error, with the facts the server gave (attempts, lock end). */
export function errorText(t: TFunction, error: ApiError, locale: Locale): string {
  const d = error.details ?? {};
  // The transport's own failure (server stopped, cable out) says so, rather than "something went wrong".
  if (error.code === 'INTERNAL' && d.network === true) return t('app.unreachable');
  if (error.code === 'WRONG_PIN' && typeof d.attemptsLeft === 'number') return t('login.wrongPin', { count: d.attemptsLeft });
  if (error.code === 'ACCOUNT_LOCKED' && typeof d.until === 'string') {
    const sameDay = brusselsDate(d.until) === brusselsDate(Date.now());
    return t('login.locked', { until: sameDay ? formatTime(d.until, locale) : formatDateTime(d.until, locale) });
  }
  return t(`errors.${error.code}`);
}
