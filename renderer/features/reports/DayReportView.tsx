import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DayReportResult } from '../../../src/api/contract/reports';
import type { DeskLot } from '../../../src/api/contract/reception';
import { api } from '../../api';
import { useOnChange } from '../../changes';
import { formatDateTime, formatLocalDate } from '../../i18n/format';
import { useStore } from '../../store';
import { DayPicker, Problem, download, hourLabel, printPage, useProblem } from './common';
import { HourChart } from './HourChart';

const TOTALS = ['expected', 'arrived', 'vaccinated', 'refused', 'deferred', 'left', 'noShows', 'walkIns', 'overrides', 'enteredLate', 'wastedDoses', 'capacity'] as const;

export function DayReportView({ day, setDay }: { day: string; setDay: (d: string) => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const [report, setReport] = useState<DayReportResult | null>(null);
  const { problem, take } = useProblem();

  const load = useCallback(async () => {
    const v = take(await api['reports.day']({ day }));
    if (v) setReport(v);
  }, [day, take]);
  useEffect(() => void load(), [load]);
  useOnChange(['arrivals', 'invitations', 'stock'], () => void load());

  const exportCsv = async () => {
    const v = take(await api['reports.exportCsv']({ day, scope: 'day' }));
    if (v) download(v.filename, v.csv);
  };

  // The day's arrivals and doses as a FHIR transaction Bundle: the sync's file fallback builds it.
  const exportFhir = async () => {
    const v = take(await api['files.exportDay']({ day, format: 'fhir' }));
    if (v) download(v.filename, v.text, v.mime);
  };

  return (
    <div className="report print-area" data-testid="day-report">
      <div className="report-toolbar no-print">
        <DayPicker day={day} onChange={setDay} id="report-day" />
        <button type="button" className="btn" onClick={() => void exportCsv()}>
          {t('reports.exportCsv')}
        </button>
        <button type="button" className="btn" onClick={() => void exportFhir()}>
          {t('reports.exportFhir')}
        </button>
        <button type="button" className="btn btn-primary" onClick={printPage}>
          {t('reports.printPdf')}
        </button>
      </div>
      <Problem text={problem} />
      {report && (
        <>
          <h2 className="report-title">
            {t('reports.dayTitle', { day: formatLocalDate(report.date, locale) })}
          </h2>
          <p className="muted report-meta">
            {report.closed ? t('reports.closedBy', { at: formatDateTime(report.closed.at, locale), by: report.closed.by ?? '—' }) : t('reports.notClosed')}
            {' · '}
            {t('reports.generated', { at: formatDateTime(report.generatedAt, locale) })}
          </p>
          <dl className="report-totals">
            {TOTALS.map((k) => (
              <div key={k} className="total" data-testid={`total-${k}`} data-key={k}>
                <dt>{t(`reports.${k}`)}</dt>
                <dd>{report.totals[k]}</dd>
              </div>
            ))}
          </dl>
          {!report.capacityKnown && <p className="notice">{t('reports.noCapacity')}</p>}
          <HourChart
            title={t('reports.perHour')}
            rows={report.hours.map((h) => ({ label: hourLabel(h.hour), capacity: h.capacity, expected: h.expected, arrived: h.arrived, vaccinated: h.vaccinated }))}
          />
          <div className="report-tables">
            <table className="table table-compact">
              <caption>{t('reports.vaccinationsBy')}</caption>
              <thead>
                <tr><th>{t('reports.product')}</th><th>{t('reports.lot')}</th><th>{t('reports.dose')}</th><th>{t('reports.count')}</th></tr>
              </thead>
              <tbody>
                {report.vaccinations.map((v) => (
                  <tr key={`${v.productCode}-${v.lotNumber}-${v.doseNumber}`}><td>{v.productCode}</td><td>{v.lotNumber}</td><td>{v.doseNumber}</td><td>{v.count}</td></tr>
                ))}
                {report.vaccinations.length === 0 && <tr><td colSpan={4} className="muted">{t('reports.none')}</td></tr>}
              </tbody>
            </table>
            <table className="table table-compact">
              <caption>{t('reports.perHourTable')}</caption>
              <thead>
                <tr>
                  <th>{t('reports.hour')}</th><th>{t('reports.capacity')}</th><th>{t('reports.expected')}</th><th>{t('reports.arrived')}</th><th>{t('reports.vaccinated')}</th><th>{t('reports.noShows')}</th>
                </tr>
              </thead>
              <tbody>
                {report.hours.map((h) => (
                  <tr key={h.hour} className={h.capacity > 0 && h.arrived > h.capacity ? 'over' : undefined}>
                    <td>{hourLabel(h.hour)}</td><td>{h.capacity}</td><td>{h.expected}</td><td>{h.arrived}</td><td>{h.vaccinated}</td><td>{h.noShows}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="table table-compact">
              <caption>{t('reports.overridesWith')}</caption>
              <thead>
                <tr><th>{t('reports.guard')}</th><th>{t('reports.reason')}</th><th>{t('reports.count')}</th></tr>
              </thead>
              <tbody>
                {report.overrides.map((o) => (
                  <tr key={`${o.guard}-${o.reason}`}><td>{o.guard}</td><td>{o.reason}</td><td>{o.count}</td></tr>
                ))}
                {report.overrides.length === 0 && <tr><td colSpan={3} className="muted">{t('reports.none')}</td></tr>}
              </tbody>
            </table>
            <table className="table table-compact">
              <caption>{t('reports.wasteTable')}</caption>
              <thead>
                <tr><th>{t('reports.product')}</th><th>{t('reports.lot')}</th><th>{t('reports.doses')}</th></tr>
              </thead>
              <tbody>
                {report.waste.map((w) => (
                  <tr key={`${w.productCode}-${w.lotNumber}`}><td>{w.productCode}</td><td>{w.lotNumber}</td><td>{w.doses}</td></tr>
                ))}
                {report.waste.length === 0 && <tr><td colSpan={3} className="muted">{t('reports.none')}</td></tr>}
              </tbody>
            </table>
          </div>
          <WasteForm onDone={() => void load()} />
        </>
      )}
    </div>
  );
}

/** At closing, the coordinator records the doses of opened vials that could not be used. */
function WasteForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [lots, setLots] = useState<DeskLot[]>([]);
  const [lotId, setLotId] = useState('');
  const [doses, setDoses] = useState('1');
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const { problem, take } = useProblem();
  useEffect(() => {
    void api['desk.options']({}).then((r) => {
      if (r.ok) setLots(r.value.lots.filter((l) => l.balance > 0));
    });
  }, []);
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const v = take(await api['reports.recordWaste']({ lotId, doses: Number(doses), reason }));
    if (v) {
      setDone(t('reports.wasteRecorded', { doses: v.doses, lot: v.lotNumber, balance: v.balance }));
      setReason('');
      onDone();
    }
  };
  return (
    <form className="panel waste-form no-print" onSubmit={(e) => void submit(e)} aria-labelledby="waste-title">
      <h3 id="waste-title">{t('reports.recordWaste')}</h3>
      <div className="field-row">
        <label className="field">
          <span>{t('reports.lot')}</span>
          <select value={lotId} onChange={(e) => setLotId(e.target.value)} required>
            <option value="">{t('reports.chooseLot')}</option>
            {lots.map((l) => (
              <option key={l.lotId} value={l.lotId}>
                {l.productCode} {l.lotNumber} ({l.balance})
              </option>
            ))}
          </select>
        </label>
        <label className="field narrow">
          <span>{t('reports.doses')}</span>
          <input type="number" min={1} max={50} value={doses} onChange={(e) => setDoses(e.target.value)} required />
        </label>
        <label className="field wide">
          <span>{t('reports.reason')}</span>
          <input value={reason} onChange={(e) => setReason(e.target.value)} minLength={3} maxLength={500} required />
        </label>
      </div>
      <Problem text={problem} />
      <p className="flash" role="status">{done}</p>
      <button type="submit" className="btn btn-primary">{t('reports.recordWasteButton')}</button>
    </form>
  );
}
