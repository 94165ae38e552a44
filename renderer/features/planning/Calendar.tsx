import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CapacityDay } from '../../../src/api/contract/capacity';
import { api } from '../../api';
import { formatLocalDate } from '../../i18n/format';
import { useStore } from '../../store';
import { Problem, addDays, todayBrussels, useLoad, useProblem, weekday } from './common';

export const CALENDAR_WEEKS = 6;

export function dayState(d: CapacityDay): 'closed' | 'over' | 'risk' | 'ok' {
  if (d.warnings.includes('overBooked') || d.warnings.includes('closedWithBookings')) return 'over';
  if (d.warnings.includes('dependsOnExpected')) return 'risk';
  return d.open ? 'ok' : 'closed';
}

/** The coming weeks, Monday first: open or closed, booked against capacity, over-booked and at-risk days in colour. */
export function Calendar({ canEdit, openDay }: { canEdit: boolean; openDay: (day: string) => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const today = todayBrussels();
  const monday = addDays(today, 1 - weekday(today));
  const to = addDays(monday, CALENDAR_WEEKS * 7 - 1);
  const { value, error, reload } = useLoad(() => api['capacity.view']({ from: today, to }), [today, to]);
  const { problem, take } = useProblem();
  const [round, setRound] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);
  const byDay = new Map((value?.days ?? []).map((d) => [d.day, d]));

  const publish = async () => {
    const r = take(await api['capacity.publish']({ from: today, to: addDays(today, 13), roundToVials: round }));
    if (r) setFlash(r.changed ? t('planning.calendar.published', { version: r.version }) : t('planning.calendar.unchanged'));
    await reload();
  };

  const weeks: string[][] = [];
  for (let w = 0; w < CALENDAR_WEEKS; w++) weeks.push(Array.from({ length: 7 }, (_, i) => addDays(monday, w * 7 + i)));
  return (
    <div className="planning-calendar">
      <div className="planning-toolbar">
        <ul className="planning-legend" aria-label={t('planning.calendar.legend')}>
          {(['ok', 'risk', 'over', 'closed'] as const).map((s) => (
            <li key={s}>
              <span className={`swatch day-${s}`} aria-hidden="true" /> {t(`planning.state.${s}`)}
            </li>
          ))}
        </ul>
        {canEdit && (
          <div className="planning-publish">
            <label className="check">
              <input type="checkbox" checked={round} onChange={(e) => setRound(e.target.checked)} /> {t('planning.calendar.roundToVials')}
            </label>
            <button type="button" className="btn btn-primary" onClick={() => void publish()}>
              {t('planning.calendar.publish')}
            </button>
          </div>
        )}
      </div>
      {flash && (
        <p className="flash" role="status">
          {flash}
        </p>
      )}
      <Problem text={problem} />
      {error && <Problem text={error.message} />}
      <table className="calendar-grid" aria-label={t('planning.calendar.title')}>
        <thead>
          <tr>
            {weeks[0]!.map((d) => (
              <th key={d} scope="col">
                {formatLocalDate(d, locale, 'EEEE')}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((w) => (
            <tr key={w[0]}>
              {w.map((d) => {
                const c = byDay.get(d);
                if (!c) return <td key={d} className="day-past" aria-hidden="true"><span className="day-date">{formatLocalDate(d, locale, 'd MMM')}</span></td>;
                const state = dayState(c);
                return (
                  <td key={d} className={`day-${state}`} data-day={d} data-state={state}>
                    <button type="button" className="day-cell" onClick={() => openDay(d)} aria-label={`${formatLocalDate(d, locale)}: ${t(`planning.state.${state}`)}, ${t('planning.calendar.bookedOf', { booked: c.booked, capacity: c.toPublish })}`}>
                      <span className="day-date">{formatLocalDate(d, locale, 'd MMM')}</span>
                      {c.open ? (
                        <>
                          <span className="day-figure" data-testid="booked-capacity">
                            {c.booked} / {c.toPublish}
                          </span>
                          <span className={c.published !== null && c.published > c.toPublish ? 'day-sub day-republish' : 'day-sub'}>
                            {t('planning.calendar.publishedShort')}: {c.published ?? '—'}
                            {c.published !== null && c.published > c.toPublish ? ` · ${t('planning.calendar.republish')}` : ''}
                          </span>
                        </>
                      ) : (
                        <span className="day-sub">{c.booked > 0 ? t('planning.calendar.closedBooked', { count: c.booked }) : t('planning.state.closed')}</span>
                      )}
                      {state === 'risk' && <span className="day-warn">{t('planning.warning.dependsOnExpected')}</span>}
                      {state === 'over' && <span className="day-warn">{t('planning.warning.move', { count: c.peopleToMove })}</span>}
                      {/* Open with lanes but nothing to inject: '0 / 0' alone reads like a quiet day. */}
                      {c.open && c.throughput > 0 && c.doseBounded === 0 && <span className="day-warn">{t('planning.warning.noDoses')}</span>}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="hint">{t('planning.calendar.hint')}</p>
    </div>
  );
}
