import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { LotView } from '../../../src/api/contract/planning';
import type { SectionProps } from '../sections';
import { api } from '../../api';
import { formatDateTime, formatLocalDate } from '../../i18n/format';
import { useStore } from '../../store';
import { Problem, useCanEdit, useLoad, useProblem } from '../planning/common';
import { DosesChart } from './DosesChart';
import { ProductCatalog } from './ProductCatalog';
import '../planning/planning.css';

/** Stock per product and lot (received − given − wasted − corrections), expiry warnings, corrections, and the doses chart. */
export default function StockSection({ readOnly }: SectionProps) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const canEdit = useCanEdit(readOnly);
  const { value, reload } = useLoad(() => api['stock.overview']({}), []);
  const [correcting, setCorrecting] = useState<string | null>(null);
  return (
    <section className="section stock-section" aria-labelledby="section-title">
      <h1 id="section-title" tabIndex={-1}>
        {t('stock.title')}
        {!canEdit && <span className="tag read-only">{t('planning.readOnly')}</span>}
      </h1>
      <div className="stock-top">
        <table className="table table-compact stock-products">
          <caption>{t('stock.products')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('stock.product.label')}</th>
              <th scope="col">{t('stock.usable')}</th>
              <th scope="col">{t('stock.expiringSoon')}</th>
              <th scope="col">{t('stock.expected')}</th>
            </tr>
          </thead>
          <tbody>
            {(value?.products ?? []).map((p) => (
              <tr key={p.productCode} data-product={p.productCode}>
                <th scope="row">{t(`stock.product.${p.productCode}`, { defaultValue: p.name })}</th>
                <td data-testid="usable">{p.usable}</td>
                <td>{p.expiringSoon > 0 ? <span className="tag tag-warn">{p.expiringSoon}</span> : 0}</td>
                <td className="muted">{p.expected}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <DosesChart />
      </div>
      <table className="table table-compact stock-lots">
        <caption>{t('stock.lots')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('stock.lot')}</th>
            <th scope="col">{t('stock.product.label')}</th>
            <th scope="col">{t('stock.expiry')}</th>
            <th scope="col">{t('stock.received')}</th>
            <th scope="col">{t('stock.given')}</th>
            <th scope="col">{t('stock.wasted')}</th>
            <th scope="col">{t('stock.balance')}</th>
            <th scope="col">{t('stock.receivedAt')}</th>
            {canEdit && <th scope="col"><span className="visually-hidden">{t('stock.correct')}</span></th>}
          </tr>
        </thead>
        <tbody>
          {(value?.lots ?? []).map((l) => (
            <LotRow key={l.lotId} l={l} locale={locale} canEdit={canEdit} open={correcting === l.lotId} toggle={() => setCorrecting(correcting === l.lotId ? null : l.lotId)} done={async () => { setCorrecting(null); await reload(); }} />
          ))}
        </tbody>
      </table>
      <ProductCatalog canEdit={canEdit} />
    </section>
  );
}

function LotRow({ l, locale, canEdit, open, toggle, done }: { l: LotView; locale: 'nl' | 'fr' | 'en'; canEdit: boolean; open: boolean; toggle: () => void; done: () => Promise<void> }) {
  const { t } = useTranslation();
  const { problem, take } = useProblem();
  const [f, setF] = useState({ kind: 'wasted' as 'wasted' | 'correction', delta: -1, reason: '' });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    if (take(await api['stock.correct']({ lotId: l.lotId, ...f }))) await done();
  };
  return (
    <>
      <tr data-lot={l.lotNumber} className={`expiry-${l.expiry}`}>
        <th scope="row">{l.lotNumber}</th>
        <td>{t(`stock.product.${l.productCode}`, { defaultValue: l.productCode })}</td>
        <td>
          {formatLocalDate(l.expiryDate, locale, 'd MMM yyyy')} {l.expiry !== 'ok' && <span className={`tag ${l.expiry === 'expired' ? 'tag-danger' : 'tag-warn'}`}>{t(`stock.expiryState.${l.expiry}`)}</span>}
        </td>
        <td>{l.received}</td>
        <td>{l.administered}</td>
        <td>{l.wasted}</td>
        <td><strong>{l.balance}</strong></td>
        <td className="muted">{formatDateTime(l.receivedAt, locale)}{l.receivedBy ? ` · ${l.receivedBy}` : ''}</td>
        {canEdit && <td><button type="button" className="btn btn-small" aria-expanded={open} onClick={toggle}>{t('stock.correct')}</button></td>}
      </tr>
      {open && (
        <tr>
          <td colSpan={9}>
            <form className="field-row" onSubmit={(e) => void submit(e)} aria-label={t('stock.correctLot', { lot: l.lotNumber })}>
              <label className="field"><span>{t('stock.kind')}</span>
                <select value={f.kind} onChange={(e) => setF({ ...f, kind: e.target.value as 'wasted' | 'correction' })}>
                  <option value="wasted">{t('stock.kinds.wasted')}</option>
                  <option value="correction">{t('stock.kinds.correction')}</option>
                </select>
              </label>
              <label className="field"><span>{t('stock.delta')}</span><input type="number" value={Number.isNaN(f.delta) ? '' : f.delta} autoFocus onChange={(e) => setF({ ...f, delta: e.target.valueAsNumber })} /></label>
              <label className="field"><span>{t('stock.reason')}</span><input value={f.reason} required onChange={(e) => setF({ ...f, reason: e.target.value })} /></label>
              <button type="submit" className="btn btn-primary">{t('stock.save')}</button>
              <Problem text={problem} />
            </form>
          </td>
        </tr>
      )}
    </>
  );
}
