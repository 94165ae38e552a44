import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { formatLocalDate, formatTime } from '../../i18n/format';
import { useStore } from '../../store';
import { Problem, addDays, useLoad, useProblem, useProductChoices } from './common';
import { dayState } from './Calendar';

interface Form {
  open: boolean;
  opensAt: string;
  closesAt: string;
  slotMinutes: number;
  lanes: number;
  perLane: number;
  products: string[];
}

/** One day: its plan (hours, slots, lanes, products), the figures behind its capacity, and its slots. */
export function DayEditor({ day, setDay, canEdit }: { day: string; setDay: (d: string) => void; canEdit: boolean }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const plan = useLoad(() => api['plans.list']({ from: day, to: day }), [day]);
  const cap = useLoad(() => api['capacity.view']({ from: day, to: day }), [day]);
  const { problem, take } = useProblem();
  const [flash, setFlash] = useState<string | null>(null);
  const p = plan.value?.[0];
  const c = cap.value?.days[0];
  const [f, setF] = useState<Form | null>(null);
  const choices = useProductChoices(f?.products);
  useEffect(() => {
    if (p) setF({ open: p.open || p.source === 'none', opensAt: p.opensAt, closesAt: p.closesAt, slotMinutes: p.slotMinutes, lanes: p.lanes || 6, perLane: p.perLane || 1, products: p.products.length ? p.products : ['COMIRNATY'] });
  }, [p]);

  const save = async () => {
    if (!f) return;
    const r = take(await api['plans.setDay'](f.open ? { day, open: true, opensAt: f.opensAt, closesAt: f.closesAt, slotMinutes: f.slotMinutes, lanes: f.lanes, perLane: f.perLane, products: f.products } : { day, open: false }));
    if (r) setFlash(t('planning.day.saved'));
  };
  const reset = async () => {
    if (take(await api['plans.resetDay']({ day }))) setFlash(t('planning.day.resetDone'));
  };
  const num = (k: keyof Form) => (e: React.ChangeEvent<HTMLInputElement>) => f && setF({ ...f, [k]: e.target.valueAsNumber });
  const disabled = !canEdit;

  return (
    <div className="day-editor">
      <div className="planning-toolbar">
        <button type="button" className="btn btn-small" onClick={() => setDay(addDays(day, -1))} aria-label={t('planning.day.previous')}>‹</button>
        <label className="field inline-field">
          <span>{t('planning.day.date')}</span>
          <input type="date" value={day} onChange={(e) => e.target.value && setDay(e.target.value)} />
        </label>
        <button type="button" className="btn btn-small" onClick={() => setDay(addDays(day, 1))} aria-label={t('planning.day.next')}>›</button>
        <h2 className="day-title">{formatLocalDate(day, locale)}</h2>
        {p && <span className="tag">{t(`planning.source.${p.source}`)}</span>}
      </div>
      {flash && <p className="flash" role="status">{flash}</p>}
      <Problem text={problem} />
      <div className="day-columns">
        {f && (
          <form className="panel day-form" onSubmit={(e) => { e.preventDefault(); void save(); }}>
            <fieldset disabled={disabled}>
              <legend>{t('planning.day.plan')}</legend>
              <label className="check">
                <input type="checkbox" checked={f.open} onChange={(e) => setF({ ...f, open: e.target.checked })} /> {t('planning.day.open')}
              </label>
              {f.open && (
                <>
                  <div className="field-row">
                    <label className="field"><span>{t('planning.day.opensAt')}</span><input type="time" value={f.opensAt} required onChange={(e) => setF({ ...f, opensAt: e.target.value })} /></label>
                    <label className="field"><span>{t('planning.day.closesAt')}</span><input type="time" value={f.closesAt} required onChange={(e) => setF({ ...f, closesAt: e.target.value })} /></label>
                    <label className="field"><span>{t('planning.day.slotMinutes')}</span><input type="number" value={Number.isNaN(f.slotMinutes) ? '' : f.slotMinutes} onChange={num('slotMinutes')} /></label>
                  </div>
                  <div className="field-row">
                    <label className="field"><span>{t('planning.day.lanes')}</span><input type="number" value={Number.isNaN(f.lanes) ? '' : f.lanes} onChange={num('lanes')} /></label>
                    <label className="field"><span>{t('planning.day.perLane')}</span><input type="number" value={Number.isNaN(f.perLane) ? '' : f.perLane} onChange={num('perLane')} /></label>
                  </div>
                  <fieldset className="products">
                    <legend>{t('planning.day.products')}</legend>
                    {choices.map(({ code, label }) => (
                      <label key={code} className="check">
                        <input type="checkbox" checked={f.products.includes(code)} onChange={(e) => setF({ ...f, products: e.target.checked ? [...f.products, code] : f.products.filter((x) => x !== code) })} /> {label}
                      </label>
                    ))}
                  </fieldset>
                </>
              )}
              {canEdit && (
                <div className="actions">
                  <button type="submit" className="btn btn-primary">{t('planning.day.save')}</button>
                  {p?.source === 'exception' && <button type="button" className="btn btn-secondary" onClick={() => void reset()}>{t('planning.day.reset')}</button>}
                </div>
              )}
            </fieldset>
          </form>
        )}
        {c && (
          <div className="panel day-figures">
            <h3>{t('planning.day.figures')}</h3>
            <dl>
              <dt>{t('planning.fig.throughput')}</dt><dd data-testid="fig-throughput">{c.throughput}</dd>
              <dt>{t('planning.fig.doseBounded')}</dt><dd data-testid="fig-doses">{c.doseBounded}</dd>
              <dt>{t('planning.fig.withExpected')}</dt><dd>{c.withExpected}</dd>
              <dt>{t('planning.fig.holdBack')}</dt><dd>{c.holdBack}</dd>
              <dt>{t('planning.fig.booked')}</dt><dd>{c.booked}</dd>
              <dt>{t('planning.fig.toPublish')}</dt><dd data-testid="fig-publish"><strong>{c.toPublish}</strong></dd>
              <dt>{t('planning.fig.published')}</dt><dd>{c.published ?? '—'}</dd>
            </dl>
            {dayState(c) === 'over' && <p className="notice day-over" role="status">{t('planning.warning.overBooked', { count: c.peopleToMove })}</p>}
            {dayState(c) === 'risk' && <p className="notice day-risk" role="status">{t('planning.warning.dependsOnExpectedLong')}</p>}
            {c.warnings.includes('publishedAbove') && <p className="notice" role="status" data-testid="published-above">{t('planning.warning.publishedAboveLong', { published: c.published, capacity: c.toPublish })}</p>}
            {c.rounding && <p className="hint">{t('planning.fig.rounding', { capacity: c.rounding.capacity, perVial: c.rounding.dosesPerVial, saved: c.rounding.dosesSaved })}</p>}
          </div>
        )}
      </div>
      {p && p.slots.length > 0 && (
        <details className="panel day-slots">
          <summary>{t('planning.day.slots', { count: p.slots.length })}</summary>
          <ol className="slot-list">
            {p.slots.map((s) => (
              <li key={s.startAt}>{formatTime(s.startAt, locale)}–{formatTime(s.endAt, locale)} · {s.capacity}</li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}
