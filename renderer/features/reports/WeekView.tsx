import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WeekReport } from '../../../src/api/contract/reports';
import { api } from '../../api';
import { useOnChange } from '../../changes';
import { formatLocalDate } from '../../i18n/format';
import { useStore } from '../../store';
import { DayPicker, Problem, download, printPage, useProblem } from './common';
import { HourChart } from './HourChart';

const COLS = ['capacity', 'expected', 'arrived', 'vaccinated', 'refused', 'deferred', 'left', 'noShows', 'walkIns', 'overrides', 'enteredLate', 'wastedDoses'] as const;

export function WeekView({ day, setDay, openDay }: { day: string; setDay: (d: string) => void; openDay: (d: string) => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const [week, setWeek] = useState<WeekReport | null>(null);
  const { problem, take } = useProblem();
  const load = useCallback(async () => {
    const v = take(await api['reports.week']({ day }));
    if (v) setWeek(v);
  }, [day, take]);
  useEffect(() => void load(), [load]);
  useOnChange(['arrivals', 'invitations', 'stock'], () => void load());

  const exportCsv = async () => {
    const v = take(await api['reports.exportCsv']({ day, scope: 'week' }));
    if (v) download(v.filename, v.csv);
  };

  return (
    <div className="report print-area" data-testid="week-report">
      <div className="report-toolbar no-print">
        <DayPicker day={day} onChange={setDay} id="week-day" />
        <button type="button" className="btn" onClick={() => void exportCsv()}>{t('reports.exportCsv')}</button>
        <button type="button" className="btn btn-primary" onClick={printPage}>{t('reports.printPdf')}</button>
      </div>
      <Problem text={problem} />
      {week && (
        <>
          <h2 className="report-title">
            {t('reports.weekTitle', { from: formatLocalDate(week.from, locale, 'd MMMM'), to: formatLocalDate(week.to, locale, 'd MMMM yyyy') })}
          </h2>
          <HourChart
            title={t('reports.perDay')}
            rows={week.days.map((d) => ({ label: formatLocalDate(d.date, locale, 'EEE d'), ...d.totals }))}
          />
          <div className="table-scroll">
            <table className="table table-compact week-table">
              <thead>
                <tr>
                  <th>{t('reports.day')}</th>
                  {COLS.map((c) => (
                    <th key={c}>{t(`reports.${c}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {week.days.map((d) => (
                  <tr key={d.date}>
                    <th scope="row">
                      <button type="button" className="link-button" onClick={() => openDay(d.date)}>
                        {formatLocalDate(d.date, locale, 'EEE d MMM')}
                      </button>
                    </th>
                    {COLS.map((c) => (
                      <td key={c}>{d.totals[c]}</td>
                    ))}
                  </tr>
                ))}
                <tr className="total-row">
                  <th scope="row">{t('reports.weekTotal')}</th>
                  {COLS.map((c) => (
                    <td key={c}>{week.totals[c]}</td>
                  ))}
                </tr>
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}
