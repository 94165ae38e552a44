import { Fragment, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaperList } from '../../../src/api/contract/paper';
import { api } from '../../api';
import { useOnChange } from '../../changes';
import { formatDateTime, formatLocalDate } from '../../i18n/format';
import { useStore } from '../../store';
import { Barcode } from './Barcode';
import { DayPicker, Problem, addDays, printPage, todayBrussels, useProblem } from './common';

/**
 * The paper fallback: tomorrow's list per hour, printed (or saved as PDF) the evening before, so
 * that a dead PC or network the next morning does not stop the center. Each line is also the
 * check-in sheet: tick arrived, write the lot, tick no-show; the barcode makes the entry afterwards
 * one scan per line.
 */
export function PaperKit() {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const [day, setDay] = useState(() => addDays(todayBrussels(), 1));
  const [blank, setBlank] = useState(4);
  const [list, setList] = useState<PaperList | null>(null);
  const { problem, take } = useProblem();
  const load = useCallback(async () => {
    const v = take(await api['paper.dayList']({ day, blankRowsPerHour: blank }));
    if (v) setList(v);
  }, [day, blank, take]);
  useEffect(() => void load(), [load]);
  useOnChange(['invitations'], () => void load());

  return (
    <div className="paper print-area landscape" data-testid="paper-list">
      <div className="report-toolbar no-print">
        <DayPicker day={day} onChange={setDay} id="paper-day" />
        <label className="field inline-field">
          <span>{t('paper.blankRows')}</span>
          <input type="number" min={0} max={30} value={blank} onChange={(e) => setBlank(Math.max(0, Math.min(30, Number(e.target.value) || 0)))} />
        </label>
        <button type="button" className="btn btn-primary" onClick={printPage}>
          {t('paper.print')}
        </button>
      </div>
      <p className="hint no-print">{t('paper.hint')}</p>
      <Problem text={problem} />
      {list && (
        <>
          <header className="paper-head">
            <h2>{t('paper.title', { day: formatLocalDate(list.day, locale) })}</h2>
            <p>
              {list.centerName ?? ''} · {t('paper.count', { count: list.total })} · {t('paper.printed', { at: formatDateTime(list.generatedAt, locale) })}
            </p>
            <p className="paper-legend">{t('paper.legend')}</p>
          </header>
          <div className="paper-scroll">
          <table className="paper-table">
            <thead>
              <tr>
                <th>{t('paper.time')}</th>
                <th>{t('paper.name')}</th>
                <th>{t('paper.birthDate')}</th>
                <th>{t('paper.niss')}</th>
                <th>{t('paper.dose')}</th>
                <th>{t('paper.code')}</th>
                <th>{t('paper.arrived')}</th>
                <th>{t('paper.vaccinatedLot')}</th>
                <th>{t('paper.noShow')}</th>
                <th>{t('paper.remarks')}</th>
              </tr>
            </thead>
            {list.hours.map((h) => (
              <tbody key={h.hour} className="paper-hour">
                <tr className="hour-row">
                  <th colSpan={10}>{t('paper.hour', { hour: h.hour, count: h.rows.length })}</th>
                </tr>
                {h.rows.map((r) => (
                  <tr key={r.invitationId} data-code={r.code}>
                    <td>{r.time}</td>
                    <td className="paper-name">
                      <strong>{r.familyName}</strong>, {r.givenName}
                    </td>
                    <td className="nowrap">{r.birthDate ? formatLocalDate(r.birthDate, locale, 'dd/MM/yyyy') : '—'}</td>
                    <td className="nowrap">{r.nissMasked ?? '—'}</td>
                    <td>{r.doseNumber}{r.productCode ? ` · ${r.productCode}` : ''}</td>
                    <td>
                      <Barcode value={r.code} module={1.1} />
                    </td>
                    <td className="box">☐</td>
                    <td className="write" />
                    <td className="box">☐</td>
                    <td className="write" />
                  </tr>
                ))}
                {Array.from({ length: list.blankRowsPerHour }, (_, k) => (
                  <Fragment key={`blank-${k}`}>
                    <tr className="blank-row">
                      <td>{h.hour.slice(0, 3)}__</td>
                      <td className="write">{k === 0 ? <span className="walkin-label">{t('paper.walkIn')}</span> : null}</td>
                      <td className="write" />
                      <td className="write">{t('paper.nissFull')}</td>
                      <td className="write" />
                      <td className="write" />
                      <td className="box">☐</td>
                      <td className="write" />
                      <td />
                      <td className="write" />
                    </tr>
                  </Fragment>
                ))}
              </tbody>
            ))}
          </table>
          </div>
          {list.total === 0 && <p className="notice">{t('paper.empty')}</p>}
          <p className="paper-foot">{t('paper.footer')}</p>
        </>
      )}
    </div>
  );
}
