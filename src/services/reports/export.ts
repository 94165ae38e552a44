import type { CsvFile, DayReportResult, WeekReport } from '../../api/contract/reports';
import { toCsv, type CsvValue } from '../../domain/csv';

const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;

/**
 * The day report as one CSV file, section after section (a blank line between), so that it opens
 * readably in a spreadsheet and can be filtered per section by its first column.
 */
export function dayReportCsv(r: DayReportResult): CsvFile {
  const rows: CsvValue[][] = [['section', 'item', 'detail', 'detail2', 'value']];
  rows.push(['report', 'date', r.date, '', '']);
  rows.push(['report', 'generatedAt', r.generatedAt, '', '']);
  rows.push(['report', 'closed', r.closed?.at ?? '', r.closed?.by ?? '', '']);
  for (const [k, v] of Object.entries(r.totals)) rows.push(['total', k, '', '', v]);
  for (const v of r.vaccinations) rows.push(['vaccinations', v.productCode, v.lotNumber, `dose ${v.doseNumber}`, v.count]);
  for (const o of r.overrides) rows.push(['overrides', o.guard, o.reason, '', o.count]);
  for (const w of r.waste) rows.push(['waste', w.productCode, w.lotNumber, '', w.doses]);
  rows.push([]);
  rows.push(['hour', 'capacity', 'expected', 'arrived', 'vaccinated', 'noShows']);
  for (const h of r.hours) rows.push([pad(h.hour), h.capacity, h.expected, h.arrived, h.vaccinated, h.noShows]);
  return { filename: `vaxdesk-report-${r.date}.csv`, csv: toCsv(rows) };
}

export function weekReportCsv(w: WeekReport): CsvFile {
  const keys = Object.keys(w.totals) as (keyof WeekReport['totals'])[];
  const rows: CsvValue[][] = [['date', ...keys]];
  for (const d of w.days) rows.push([d.date, ...keys.map((k) => d.totals[k])]);
  rows.push(['total', ...keys.map((k) => w.totals[k])]);
  rows.push([]);
  rows.push(['product', 'lot', 'dose', 'vaccinations']);
  for (const v of w.vaccinations) rows.push([v.productCode, v.lotNumber, v.doseNumber, v.count]);
  return { filename: `vaxdesk-week-${w.from}.csv`, csv: toCsv(rows) };
}
