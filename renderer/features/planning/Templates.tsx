import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { formatLocalDate } from '../../i18n/format';
import { useStore } from '../../store';
import { Problem, addDays, todayBrussels, useLoad, useProblem, useProductChoices } from './common';

/** Weekly templates: save one, apply it to a date range; days edited by hand are kept. */
export function Templates({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const today = todayBrussels();
  const { value, reload } = useLoad(() => api['plans.templates']({}), []);
  const { problem, take } = useProblem();
  const [flash, setFlash] = useState<string | null>(null);
  const [f, setF] = useState({ name: t('planning.templates.defaultName'), weekdays: [1, 3, 5], opensAt: '08:00', closesAt: '20:00', slotMinutes: 15, lanes: 6, perLane: 1, products: ['VAXZEVRIA'] as string[] });
  const choices = useProductChoices(f.products);
  const [range, setRange] = useState({ from: today, to: addDays(today, 27) });

  const save = async (e: React.FormEvent) => {
    e.preventDefault();
    const r = take(await api['plans.saveTemplate'](f));
    if (r) {
      setFlash(t('planning.templates.saved', { name: r.name }));
      await reload();
    }
  };
  const apply = async (templateId: string) => {
    const r = take(await api['plans.applyTemplate']({ templateId, ...range }));
    if (!r) return;
    const booked = r.keptBooked.length ? ` ${t('planning.templates.keptBooked', { count: r.keptBooked.length, days: r.keptBooked.map((d) => formatLocalDate(d, locale, 'EEE d MMM')).join(', ') })}` : '';
    setFlash(t('planning.templates.applied', { written: r.written, kept: r.keptExceptions.length }) + booked);
  };
  const num = (k: 'slotMinutes' | 'lanes' | 'perLane') => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.target.valueAsNumber });

  return (
    <div className="templates">
      {flash && <p className="flash" role="status">{flash}</p>}
      <Problem text={problem} />
      {canEdit && (
        <form className="panel" onSubmit={(e) => void save(e)} aria-label={t('planning.templates.new')}>
          <div className="field-row">
            <label className="field"><span>{t('planning.templates.name')}</span><input value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} /></label>
            <label className="field"><span>{t('planning.day.opensAt')}</span><input type="time" value={f.opensAt} onChange={(e) => setF({ ...f, opensAt: e.target.value })} /></label>
            <label className="field"><span>{t('planning.day.closesAt')}</span><input type="time" value={f.closesAt} onChange={(e) => setF({ ...f, closesAt: e.target.value })} /></label>
            <label className="field"><span>{t('planning.day.slotMinutes')}</span><input type="number" value={Number.isNaN(f.slotMinutes) ? '' : f.slotMinutes} onChange={num('slotMinutes')} /></label>
            <label className="field"><span>{t('planning.day.lanes')}</span><input type="number" value={Number.isNaN(f.lanes) ? '' : f.lanes} onChange={num('lanes')} /></label>
            <label className="field"><span>{t('planning.day.perLane')}</span><input type="number" value={Number.isNaN(f.perLane) ? '' : f.perLane} onChange={num('perLane')} /></label>
          </div>
          <fieldset className="weekdays">
            <legend>{t('planning.templates.weekdays')}</legend>
            {[1, 2, 3, 4, 5, 6, 7].map((w) => (
              <label key={w} className="check">
                <input type="checkbox" checked={f.weekdays.includes(w)} onChange={(e) => setF({ ...f, weekdays: e.target.checked ? [...f.weekdays, w] : f.weekdays.filter((x) => x !== w) })} />{' '}
                {formatLocalDate(addDays('2021-03-01', w - 1), locale, 'EEE')}
              </label>
            ))}
          </fieldset>
          <fieldset className="products">
            <legend>{t('planning.day.products')}</legend>
            {choices.map(({ code, label }) => (
              <label key={code} className="check">
                <input type="checkbox" checked={f.products.includes(code)} onChange={(e) => setF({ ...f, products: e.target.checked ? [...f.products, code] : f.products.filter((x) => x !== code) })} /> {label}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="btn btn-primary">{t('planning.templates.save')}</button>
        </form>
      )}
      <div className="panel">
        {canEdit && (
          <div className="field-row">
            <label className="field"><span>{t('planning.templates.from')}</span><input type="date" value={range.from} onChange={(e) => setRange({ ...range, from: e.target.value })} /></label>
            <label className="field"><span>{t('planning.templates.to')}</span><input type="date" value={range.to} onChange={(e) => setRange({ ...range, to: e.target.value })} /></label>
          </div>
        )}
        <table className="table table-compact">
          <caption>{t('planning.templates.title')}</caption>
          <tbody>
            {(value ?? []).map((tpl) => (
              <tr key={tpl.id}>
                <th scope="row">{tpl.name}</th>
                <td>{tpl.weekdays.map((w) => formatLocalDate(addDays('2021-03-01', w - 1), locale, 'EEE')).join(', ')}</td>
                <td>{tpl.opensAt}–{tpl.closesAt} · {tpl.slotMinutes}′ · {t('planning.templates.lanes', { count: tpl.lanes })}</td>
                <td>{tpl.products.map((p) => t(`stock.product.${p}`, { defaultValue: p })).join(', ')}</td>
                {canEdit && <td><button type="button" className="btn btn-small" onClick={() => void apply(tpl.id)}>{t('planning.templates.apply')}</button></td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
