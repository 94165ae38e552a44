import { useTranslation } from 'react-i18next';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api } from '../../api';
import { formatLocalDate } from '../../i18n/format';
import { useStore } from '../../store';
import { addDays, todayBrussels, useLoad } from '../planning/common';

const WEEKS = 6;

/** Per week: doses on the shelf at its start, doses committed during it (bookings + held-back second doses), and what is expected. */
export function DosesChart() {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const today = todayBrussels();
  const { value } = useLoad(() => api['capacity.view']({ from: today, to: addDays(today, WEEKS * 7 - 1) }), [today]);
  const days = value?.days ?? [];
  const data = Array.from({ length: WEEKS }, (_, w) => {
    const week = days.slice(w * 7, w * 7 + 7);
    return {
      week: week[0] ? formatLocalDate(week[0].day, locale, 'd MMM') : '',
      onHand: week[0]?.onHand ?? 0,
      committed: week.reduce((n, d) => n + d.committed, 0),
      expected: week.reduce((n, d) => n + d.expectedArriving, 0),
    };
  });
  return (
    <figure className="panel doses-chart" aria-label={t('stock.chart.title')}>
      <figcaption>{t('stock.chart.title')}</figcaption>
      <div style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer>
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="week" />
            <YAxis allowDecimals={false} />
            <Tooltip />
            <Legend />
            <Bar dataKey="onHand" name={t('stock.chart.onHand')} fill="#0b4f9c" isAnimationActive={false} />
            <Bar dataKey="committed" name={t('stock.chart.committed')} fill="#a4161a" isAnimationActive={false} />
            <Line dataKey="expected" name={t('stock.chart.expected')} stroke="#7a4b00" strokeDasharray="5 3" strokeWidth={2} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <p className="hint">{t('stock.chart.hint')}</p>
    </figure>
  );
}
