import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';

export interface ChartRow {
  label: string;
  capacity: number;
  expected: number;
  arrived: number;
  vaccinated: number;
}

/**
 * Bars for what happened, a line for the capacity: an hour above its line is an hour the center
 * ran over. Fixed size (not responsive) so that screen, print and PDF show the same chart, and no
 * animation, so that a printout never catches bars half-grown.
 */
export function HourChart({ rows, title, width = 900, height = 260 }: { rows: ChartRow[]; title: string; width?: number; height?: number }) {
  const { t } = useTranslation();
  return (
    <figure className="report-chart" aria-label={title}>
      <figcaption className="chart-title">{title}</figcaption>
      <ComposedChart width={width} height={height} data={rows} margin={{ top: 8, right: 16, bottom: 4, left: 0 }}>
        <CartesianGrid stroke="#d5dbe3" vertical={false} />
        <XAxis dataKey="label" stroke="#4a5563" />
        <YAxis allowDecimals={false} stroke="#4a5563" width={40} />
        <Tooltip isAnimationActive={false} />
        <Legend />
        <Bar dataKey="expected" name={t('reports.expected')} fill="#9db7d9" isAnimationActive={false} />
        <Bar dataKey="arrived" name={t('reports.arrived')} fill="#0b4f9c" isAnimationActive={false} />
        <Bar dataKey="vaccinated" name={t('reports.vaccinated')} fill="#1b6b2f" isAnimationActive={false} />
        <Line dataKey="capacity" name={t('reports.capacity')} stroke="#a4161a" strokeWidth={3} type="stepAfter" dot={false} isAnimationActive={false} />
      </ComposedChart>
    </figure>
  );
}
