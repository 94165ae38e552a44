import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Guard } from '../../../src/api/contract/reception';
import { api } from '../../api';
import { useStore } from '../../store';
import { checkNiss } from '../../../src/domain/niss';
import { guardText, receptionError } from './text';

/** A person without an invitation: national number, name, birth date, reason. */
export function WalkinForm({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const select = useStore((s) => s.reception.select);
  const refresh = useStore((s) => s.reception.refresh);
  const options = useStore((s) => s.reception.options);
  const [f, setF] = useState({ niss: '', familyName: '', givenName: '', birthDate: '', reason: '' });
  const [doseNumber, setDoseNumber] = useState(1);
  const [productCode, setProductCode] = useState(options?.defaults.productCode ?? '');
  const [existing, setExisting] = useState<string | null>(null);
  const [guards, setGuards] = useState<Guard[]>([]);
  const [override, setOverride] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const first = useRef<HTMLInputElement>(null);
  useEffect(() => first.current?.focus(), []);

  const set = (k: keyof typeof f) => (e: React.ChangeEvent<HTMLInputElement>) => setF({ ...f, [k]: e.target.value });
  // The number encodes the birth date: fill it in as soon as the number checks out.
  const setNiss = (e: React.ChangeEvent<HTMLInputElement>) => {
    const c = checkNiss(e.target.value);
    setF({ ...f, niss: e.target.value, ...(c.ok && c.birthDate ? { birthDate: c.birthDate } : {}) });
  };
  const openExisting = async () => {
    if (!existing) return;
    const r = await api['invitations.get']({ invitationId: existing });
    if (!r.ok) return setProblem(receptionError(t, r.error, locale));
    select(r.value);
    onClose();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setProblem(null);
    setExisting(null);
    const r = await api['walkins.register']({
      ...f,
      doseNumber,
      ...(productCode ? { productCode } : {}),
      ...(guards.length ? { override: { guards: guards.map((g) => g.guard), reason: override.trim() } } : {}),
    });
    if (r.ok) {
      select(r.value.hit);
      void refresh();
      onClose();
      return;
    }
    if (r.error.code === 'GUARD') return setGuards((r.error.details?.guards as Guard[]) ?? []);
    if (r.error.code === 'CONFLICT' && typeof r.error.details?.invitationId === 'string') setExisting(r.error.details.invitationId);
    setProblem(receptionError(t, r.error, locale));
  };

  return (
    <form className="panel rx-walkin" onSubmit={submit} noValidate aria-labelledby="rx-walkin-title" data-testid="rx-walkin" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <h2 id="rx-walkin-title">{t('reception.walkin.title')}</h2>
      <div className="rx-walkin-grid">
        <label className="field">
          <span>{t('reception.niss')}</span>
          <input ref={first} value={f.niss} maxLength={20} inputMode="numeric" onChange={setNiss} name="niss" />
        </label>
        <label className="field">
          <span>{t('reception.birthDate')}</span>
          <input type="date" value={f.birthDate} onChange={set('birthDate')} name="birthDate" />
        </label>
        <label className="field">
          <span>{t('reception.walkin.familyName')}</span>
          <input value={f.familyName} maxLength={80} onChange={set('familyName')} name="familyName" />
        </label>
        <label className="field">
          <span>{t('reception.walkin.givenName')}</span>
          <input value={f.givenName} maxLength={80} onChange={set('givenName')} name="givenName" />
        </label>
        <label className="field">
          <span>{t('reception.doseLabel')}</span>
          <select name="doseNumber" value={doseNumber} onChange={(e) => setDoseNumber(Number(e.target.value))}>
            {[1, 2, 3, 4, 5].map((n) => (
              <option key={n} value={n}>
                {t('reception.dose', { n })}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('reception.leftover.product')}</span>
          <select name="productCode" value={productCode} onChange={(e) => setProductCode(e.target.value)}>
            <option value="">{t('reception.noDefault')}</option>
            {(options?.products ?? []).map((p) => (
              <option key={p.code} value={p.code}>
                {p.code}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span>{t('reception.walkin.reason')}</span>
        <input value={f.reason} maxLength={500} onChange={set('reason')} name="reason" placeholder={t('reception.walkin.reasonHint')} />
      </label>
      {guards.length > 0 && (
        <div className="rx-guards" role="alert">
          <ul>
            {guards.map((g) => (
              <li key={g.guard} className="rx-guard">
                {guardText(t, g, locale)}
              </li>
            ))}
          </ul>
          <label className="field">
            <span>{t('reception.override.reason')}</span>
            <input value={override} maxLength={500} onChange={(e) => setOverride(e.target.value)} />
          </label>
        </div>
      )}
      {problem && (
        <p className="error" role="alert" data-testid="rx-walkin-problem">
          {problem}
          {existing && (
            <>
              {' '}
              <button type="button" className="btn btn-small" onClick={() => void openExisting()} data-testid="rx-walkin-existing">
                {t('reception.walkin.openExisting')}
              </button>
            </>
          )}
        </p>
      )}
      <div className="rx-actions">
        <button type="submit" className="btn btn-primary" data-testid="rx-walkin-submit">
          {guards.length ? t('reception.override.confirm') : t('reception.walkin.submit')}
        </button>
        <button type="button" className="btn" onClick={onClose}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
