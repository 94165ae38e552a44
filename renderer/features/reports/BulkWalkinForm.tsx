import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeskLot } from '../../../src/api/contract/reception';
import { api } from '../../api';
import { Problem, useProblem } from './common';

/** A walk-in written by hand in a blank row of the sheet. */
export function BulkWalkinForm({ day, lots, onDone }: { day: string; lots: DeskLot[]; onDone: (name: string) => void }) {
  const { t } = useTranslation();
  const empty = { niss: '', familyName: '', givenName: '', birthDate: '', time: '', reason: '', lotId: '' };
  const [f, setF] = useState(empty);
  const { problem, take } = useProblem();
  const set = (k: keyof typeof empty) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setF({ ...f, [k]: e.target.value });
  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const v = take(
      await api['bulk.walkin']({
        day,
        time: f.time,
        niss: f.niss,
        familyName: f.familyName,
        givenName: f.givenName,
        birthDate: f.birthDate,
        reason: f.reason,
        ...(f.lotId ? { vaccinatedLotId: f.lotId } : {}),
      }),
    );
    if (v) {
      onDone(`${v.hit.familyName} ${v.hit.givenName}`);
      setF(empty);
    }
  };
  return (
    <form className="panel bulk-walkin" onSubmit={(e) => void submit(e)} aria-labelledby="bulk-walkin-title">
      <h3 id="bulk-walkin-title">{t('bulk.walkinTitle')}</h3>
      <div className="field-row">
        <label className="field">
          <span>{t('bulk.niss')}</span>
          <input value={f.niss} onChange={set('niss')} maxLength={20} required inputMode="numeric" />
        </label>
        <label className="field narrow">
          <span>{t('bulk.realTime')}</span>
          <input type="time" value={f.time} onChange={set('time')} required />
        </label>
      </div>
      <div className="field-row">
        <label className="field">
          <span>{t('bulk.familyName')}</span>
          <input value={f.familyName} onChange={set('familyName')} maxLength={80} required />
        </label>
        <label className="field">
          <span>{t('bulk.givenName')}</span>
          <input value={f.givenName} onChange={set('givenName')} maxLength={80} required />
        </label>
      </div>
      <div className="field-row">
        <label className="field">
          <span>{t('bulk.birthDate')}</span>
          <input type="date" value={f.birthDate} onChange={set('birthDate')} required />
        </label>
        <label className="field">
          <span>{t('bulk.vaccinatedWith')}</span>
          <select value={f.lotId} onChange={set('lotId')}>
            <option value="">{t('bulk.notVaccinated')}</option>
            {lots.map((l) => (
              <option key={l.lotId} value={l.lotId}>
                {l.productCode} {l.lotNumber}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label className="field">
        <span>{t('bulk.reason')}</span>
        <input value={f.reason} onChange={set('reason')} minLength={3} maxLength={500} required />
      </label>
      <Problem text={problem} />
      <button type="submit" className="btn btn-primary">{t('bulk.addWalkin')}</button>
    </form>
  );
}
