import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProductView } from '../../../src/api/contract/planning';
import { api } from '../../api';
import { Problem, useLoad, useProblem } from '../planning/common';
import './catalog.css';

interface Form {
  code: string;
  name: string;
  manufacturer: string;
  dosesPerVial: string;
  dosesInSeries: string;
  minIntervalDays: string;
  plannedIntervalDays: string;
  openVialHours: string;
  active: boolean;
}

const EMPTY: Form = { code: '', name: '', manufacturer: '', dosesPerVial: '10', dosesInSeries: '2', minIntervalDays: '', plannedIntervalDays: '', openVialHours: '6', active: true };
const formOf = (p: ProductView): Form => ({
  ...p,
  dosesPerVial: String(p.dosesPerVial),
  dosesInSeries: String(p.dosesInSeries),
  minIntervalDays: p.minIntervalDays === null ? '' : String(p.minIntervalDays),
  plannedIntervalDays: p.plannedIntervalDays === null ? '' : String(p.plannedIntervalDays),
  openVialHours: String(p.openVialHours),
});
// An empty or broken number goes to the server as NaN (null in JSON), so its message names the field.
const int = (s: string): number => (s.trim() === '' ? Number.NaN : Number(s));
const optInt = (s: string): number | null => (s.trim() === '' ? null : int(s));

/** The vaccine catalog: doses per vial, intervals between doses, hours an opened vial lasts. Coordinators edit and add. */
export function ProductCatalog({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const { value, reload } = useLoad(() => api['products.list']({}), [], ['stock', 'planning']);
  const { problem, setProblem, take } = useProblem();
  const [form, setForm] = useState<Form | null>(null);
  const [editing, setEditing] = useState(false);
  const [flash, setFlash] = useState<string | null>(null);

  const open = (f: Form, edit: boolean) => {
    setEditing(edit);
    setFlash(null);
    setProblem(null);
    setForm(f);
  };
  const set = <K extends keyof Form>(k: K, v: Form[K]) => setForm((f) => (f ? { ...f, [k]: v } : f));
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (!form) return;
    const input = {
      code: form.code,
      name: form.name,
      manufacturer: form.manufacturer,
      dosesPerVial: int(form.dosesPerVial),
      dosesInSeries: int(form.dosesInSeries),
      minIntervalDays: optInt(form.minIntervalDays),
      plannedIntervalDays: optInt(form.plannedIntervalDays),
      openVialHours: int(form.openVialHours),
      active: form.active,
    };
    const r = take(editing ? await api['products.update'](input) : await api['products.create'](input));
    if (!r) return;
    setFlash(t('stock.catalog.saved', { name: r.name }));
    setForm(null);
    await reload();
  };

  const field = (k: Exclude<keyof Form, 'active'>, label: string, opts: { number?: boolean; disabled?: boolean; max?: number } = {}) => (
    <label className="field">
      <span>{label}</span>
      <input type={opts.number ? 'number' : 'text'} value={form![k]} disabled={opts.disabled} maxLength={opts.max} onChange={(e) => set(k, e.target.value)} />
    </label>
  );

  return (
    <div className="panel product-catalog">
      <div className="catalog-head">
        <h2>{t('stock.catalog.title')}</h2>
        {canEdit && !form && (
          <button type="button" className="btn" onClick={() => open(EMPTY, false)}>
            {t('stock.catalog.add')}
          </button>
        )}
      </div>
      {flash && (
        <p className="flash" role="status">
          {flash}
        </p>
      )}
      <table className="table table-compact" data-testid="product-catalog">
        <thead>
          <tr>
            <th scope="col">{t('stock.catalog.name')}</th>
            <th scope="col">{t('stock.catalog.dosesPerVial')}</th>
            <th scope="col">{t('stock.catalog.series')}</th>
            <th scope="col">{t('stock.catalog.interval')}</th>
            <th scope="col">{t('stock.catalog.openVialHours')}</th>
            {canEdit && (
              <th scope="col">
                <span className="visually-hidden">{t('stock.catalog.edit')}</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {(value ?? []).map((p) => (
            <tr key={p.code} data-product-code={p.code} className={p.active ? undefined : 'muted'}>
              <th scope="row">
                {p.name} <span className="muted">({p.manufacturer})</span>
                {!p.active && <span className="tag"> {t('stock.catalog.inactive')}</span>}
              </th>
              <td>{p.dosesPerVial}</td>
              <td>{p.dosesInSeries}</td>
              <td>{p.dosesInSeries > 1 ? t('stock.catalog.intervalDays', { min: p.minIntervalDays, planned: p.plannedIntervalDays }) : t('stock.catalog.singleDose')}</td>
              <td>{p.openVialHours}</td>
              {canEdit && (
                <td>
                  <button type="button" className="btn btn-small" onClick={() => open(formOf(p), true)} aria-label={t('stock.catalog.editProduct', { name: p.name })}>
                    {t('stock.catalog.edit')}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {canEdit && form && (
        <form className="catalog-form" onSubmit={(e) => void submit(e)} aria-label={editing ? t('stock.catalog.editProduct', { name: form.name }) : t('stock.catalog.add')}>
          <div className="field-row">
            {field('code', t('stock.catalog.code'), { disabled: editing, max: 20 })}
            {field('name', t('stock.catalog.name'), { max: 60 })}
            {field('manufacturer', t('stock.catalog.manufacturer'), { max: 60 })}
          </div>
          <div className="field-row">
            {field('dosesPerVial', t('stock.catalog.dosesPerVial'), { number: true })}
            {field('dosesInSeries', t('stock.catalog.series'), { number: true })}
            {field('minIntervalDays', t('stock.catalog.minInterval'), { number: true })}
            {field('plannedIntervalDays', t('stock.catalog.plannedInterval'), { number: true })}
            {field('openVialHours', t('stock.catalog.openVialHours'), { number: true })}
          </div>
          <label className="check">
            <input type="checkbox" checked={form.active} onChange={(e) => set('active', e.target.checked)} /> {t('stock.catalog.active')}
          </label>
          <Problem text={problem} />
          <div className="actions">
            <button type="submit" className="btn btn-primary">
              {t('common.save')}
            </button>
            <button type="button" className="btn btn-secondary" onClick={() => setForm(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
