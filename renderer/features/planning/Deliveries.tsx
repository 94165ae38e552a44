import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeliveryView } from '../../../src/api/contract/planning';
import type { WhatIfResult } from '../../../src/api/contract/capacity';
import { api } from '../../api';
import { formatLocalDate } from '../../i18n/format';
import { useStore } from '../../store';
import { Problem, addDays, todayBrussels, useLoad, useProblem, useProductChoices } from './common';

type Action = { id: string; kind: 'receive' | 'short' | 'late' | 'cancel' } | null;

/** Deliveries: announce one, receive it (lots), or mark it short, late or cancelled after seeing what that does. */
export function Deliveries({ canEdit }: { canEdit: boolean }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const today = todayBrussels();
  const { value, reload } = useLoad(() => api['deliveries.list']({ from: addDays(today, -30), to: addDays(today, 120) }), [today]);
  const { problem, take } = useProblem();
  const [action, setAction] = useState<Action>(null);
  const [exp, setExp] = useState({ productCode: 'VAXZEVRIA', date: addDays(today, 2), doses: 1000 });
  const choices = useProductChoices([exp.productCode]);

  const expect = async (e: React.FormEvent) => {
    e.preventDefault();
    if (take(await api['deliveries.expect']({ productCode: exp.productCode, date: exp.date, doses: exp.doses }))) await reload();
  };

  return (
    <div className="deliveries">
      {canEdit && (
        <form className="panel field-row" onSubmit={(e) => void expect(e)} aria-label={t('planning.deliveries.expectTitle')}>
          <label className="field"><span>{t('planning.deliveries.product')}</span>
            <select value={exp.productCode} onChange={(e) => setExp({ ...exp, productCode: e.target.value })}>
              {choices.map((c) => <option key={c.code} value={c.code}>{c.label}</option>)}
            </select>
          </label>
          <label className="field"><span>{t('planning.deliveries.date')}</span><input type="date" value={exp.date} required onChange={(e) => setExp({ ...exp, date: e.target.value })} /></label>
          <label className="field"><span>{t('planning.deliveries.doses')}</span><input type="number" value={Number.isNaN(exp.doses) ? '' : exp.doses} onChange={(e) => setExp({ ...exp, doses: e.target.valueAsNumber })} /></label>
          <button type="submit" className="btn btn-primary">{t('planning.deliveries.expect')}</button>
        </form>
      )}
      <Problem text={problem} />
      <table className="table table-compact">
        <caption>{t('planning.deliveries.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('planning.deliveries.date')}</th>
            <th scope="col">{t('planning.deliveries.product')}</th>
            <th scope="col">{t('planning.deliveries.doses')}</th>
            <th scope="col">{t('planning.deliveries.status')}</th>
            <th scope="col">{t('planning.deliveries.lots')}</th>
            {canEdit && <th scope="col">{t('planning.deliveries.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {(value ?? []).map((d) => (
            <Row key={d.id} d={d} canEdit={canEdit} locale={locale} action={action?.id === d.id ? action : null} setAction={setAction} done={reload} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row({ d, canEdit, locale, action, setAction, done }: { d: DeliveryView; canEdit: boolean; locale: 'nl' | 'fr' | 'en'; action: Action; setAction: (a: Action) => void; done: () => Promise<void> }) {
  const { t } = useTranslation();
  return (
    <>
      <tr data-delivery={d.id} data-product={d.productCode}>
        <td>{formatLocalDate(d.expectedDate, locale, 'EEE d MMM')}{d.late && <span className="tag tag-warn"> {t('planning.deliveries.late')}</span>}</td>
        <td>{t(`stock.product.${d.productCode}`, { defaultValue: d.productCode })}</td>
        <td>{d.status === 'received' ? `${d.receivedDoses} / ${d.originalDoses}` : d.expectedDoses}{d.short && <span className="tag tag-warn"> {t('planning.deliveries.short')}</span>}</td>
        <td><span className={`tag status-${d.status}`}>{t(`planning.deliveries.st.${d.status}`)}</span></td>
        <td>{d.lots.map((l) => `${l.lotNumber} (${l.expiryDate})`).join(', ')}</td>
        {canEdit && (
          <td className="nowrap">
            {d.status === 'expected' &&
              (['receive', 'short', 'late', 'cancel'] as const).map((k) => (
                <button key={k} type="button" className="btn btn-small" aria-expanded={action?.kind === k} onClick={() => setAction(action?.kind === k ? null : { id: d.id, kind: k })}>
                  {t(`planning.deliveries.do.${k}`)}
                </button>
              ))}
          </td>
        )}
      </tr>
      {action && (
        <tr className="delivery-action">
          <td colSpan={6}>{action.kind === 'receive' ? <ReceiveForm d={d} done={async () => { setAction(null); await done(); }} /> : <ChangeForm d={d} kind={action.kind} done={async () => { setAction(null); await done(); }} />}</td>
        </tr>
      )}
    </>
  );
}

function ReceiveForm({ d, done }: { d: DeliveryView; done: () => Promise<void> }) {
  const { t } = useTranslation();
  const { problem, take } = useProblem();
  const [l, setL] = useState({ lotNumber: '', expiryDate: addDays(todayBrussels(), 60), vials: Math.ceil(d.expectedDoses / 10), dosesPerVial: 10 });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (take(await api['deliveries.receive']({ deliveryId: d.id, lots: [l] }))) await done();
  };
  return (
    <form className="field-row" onSubmit={(e) => void submit(e)} aria-label={t('planning.deliveries.do.receive')}>
      <label className="field"><span>{t('planning.deliveries.lotNumber')}</span><input value={l.lotNumber} required autoFocus onChange={(e) => setL({ ...l, lotNumber: e.target.value })} /></label>
      <label className="field"><span>{t('planning.deliveries.expiry')}</span><input type="date" value={l.expiryDate} required onChange={(e) => setL({ ...l, expiryDate: e.target.value })} /></label>
      <label className="field"><span>{t('planning.deliveries.vials')}</span><input type="number" value={Number.isNaN(l.vials) ? '' : l.vials} onChange={(e) => setL({ ...l, vials: e.target.valueAsNumber })} /></label>
      <label className="field"><span>{t('planning.deliveries.perVial')}</span><input type="number" value={Number.isNaN(l.dosesPerVial) ? '' : l.dosesPerVial} onChange={(e) => setL({ ...l, dosesPerVial: e.target.valueAsNumber })} /></label>
      <button type="submit" className="btn btn-primary">{t('planning.deliveries.confirmReceive', { doses: (l.vials || 0) * (l.dosesPerVial || 0) })}</button>
      <Problem text={problem} />
    </form>
  );
}

/** Short, late or cancelled: first the what-if (nothing changes), then the commit. */
function ChangeForm({ d, kind, done }: { d: DeliveryView; kind: 'short' | 'late' | 'cancel'; done: () => Promise<void> }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const { problem, take } = useProblem();
  const [doses, setDoses] = useState(Math.floor(d.expectedDoses / 2));
  const [date, setDate] = useState(addDays(d.expectedDate, 7));
  const [preview, setPreview] = useState<WhatIfResult | null>(null);
  const today = todayBrussels();
  const whatIf = async () => {
    const r = take(await api['capacity.whatIf']({ deliveryId: d.id, kind: kind === 'cancel' ? 'cancelled' : kind, ...(kind === 'short' ? { doses } : {}), ...(kind === 'late' ? { date } : {}), from: today, to: addDays(today, 90) }));
    setPreview(r);
  };
  const commit = async () => {
    const r = kind === 'short' ? await api['deliveries.reduce']({ deliveryId: d.id, doses }) : kind === 'late' ? await api['deliveries.reschedule']({ deliveryId: d.id, date }) : await api['deliveries.cancel']({ deliveryId: d.id });
    if (take(r)) await done();
  };
  return (
    <div className="whatif">
      <div className="field-row">
        {kind === 'short' && <label className="field"><span>{t('planning.whatif.dosesArriving')}</span><input type="number" value={Number.isNaN(doses) ? '' : doses} autoFocus onChange={(e) => { setDoses(e.target.valueAsNumber); setPreview(null); }} /></label>}
        {kind === 'late' && <label className="field"><span>{t('planning.whatif.newDate')}</span><input type="date" value={date} autoFocus onChange={(e) => { setDate(e.target.value); setPreview(null); }} /></label>}
        <button type="button" className="btn btn-secondary" onClick={() => void whatIf()}>{t('planning.whatif.preview')}</button>
        {preview && <button type="button" className="btn btn-danger" onClick={() => void commit()}>{t(`planning.whatif.confirm.${kind}`)}</button>}
      </div>
      <Problem text={problem} />
      {preview && (
        <div className={`notice ${preview.days.length ? 'day-over' : ''}`} role="status" data-testid="whatif-result">
          {preview.days.length === 0 ? (
            <p>{t('planning.whatif.noImpact')}</p>
          ) : (
            <>
              <p className="notice-title">{t('planning.whatif.impact', { count: preview.peopleToMove, days: preview.days.length })}</p>
              <ul>
                {preview.days.map((x) => (
                  <li key={x.day}>{t('planning.whatif.day', { day: formatLocalDate(x.day, locale, 'EEE d MMM'), booked: x.productBooked, product: t(`stock.product.${x.productCode}`, { defaultValue: x.productCode }), before: x.dosesBefore, after: x.dosesAfter, move: x.peopleToMoveAfter - x.peopleToMoveBefore })}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </div>
  );
}
