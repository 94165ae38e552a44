import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffSummary } from '../../../src/api/contract/core';
import { errorText } from '../../i18n/errors';
import { formatDateTime } from '../../i18n/format';
import { useStore } from '../../store';

export function StaffTable({ onDone }: { onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const list = useStore((s) => s.staff.list);
  const loaded = useStore((s) => s.staff.loaded);
  const me = useStore((s) => s.session.me);
  const [resetting, setResetting] = useState<string | null>(null);
  const [rowError, setRowError] = useState<{ id: string; text: string } | null>(null);

  return (
    <div className="panel staff-list">
      <h2>{t('staff.listTitle')}</h2>
      {loaded && list.length === 0 && <p>{t('staff.empty')}</p>}
      <table className="table">
        <thead>
          <tr>
            <th scope="col">{t('staff.name')}</th>
            <th scope="col">{t('staff.role')}</th>
            <th scope="col">{t('staff.language')}</th>
            <th scope="col">{t('staff.state')}</th>
            <th scope="col">{t('staff.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {list.map((s) => (
            <Row
              key={s.id}
              s={s}
              isMe={s.id === me?.staffId}
              resetting={resetting === s.id}
              onReset={(open) => setResetting(open ? s.id : null)}
              error={rowError?.id === s.id ? rowError.text : null}
              onError={(text) => setRowError(text ? { id: s.id, text } : null)}
              onDone={onDone}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row(props: {
  s: StaffSummary;
  isMe: boolean;
  resetting: boolean;
  onReset: (open: boolean) => void;
  error: string | null;
  onError: (text: string | null) => void;
  onDone: (msg: string) => void;
}) {
  const { s, isMe, resetting, onReset, error, onError, onDone } = props;
  const { t } = useTranslation();
  const locale = useStore((st) => st.session.locale);
  const setActive = useStore((st) => st.staff.setActive);
  const resetPin = useStore((st) => st.staff.resetPin);
  const [pin, setPin] = useState('');
  const locked = s.lockedUntil && Date.parse(s.lockedUntil) > Date.now();

  const toggle = async () => {
    const err = await setActive(s.id, !s.active);
    if (err) return onError(errorText(t, err, locale));
    onError(null);
    onDone(t(s.active ? 'staff.deactivated' : 'staff.reactivated', { name: s.displayName }));
  };
  const submitPin = async (e: FormEvent) => {
    e.preventDefault();
    if (!/^\d{4,12}$/.test(pin)) return onError(t('setup.pinDigits'));
    const err = await resetPin(s.id, pin);
    if (err) return onError(errorText(t, err, locale));
    setPin('');
    onError(null);
    onReset(false);
    onDone(t('staff.pinSet', { name: s.displayName }));
  };

  return (
    <tr data-staff={s.displayName} className={s.active ? undefined : 'row-inactive'}>
      <td>
        {s.displayName} {isMe && <span className="muted">{t('staff.you')}</span>}
      </td>
      <td>{t(`role.${s.role}`)}</td>
      <td>{t(`lang.${s.locale}`)}</td>
      <td>
        <span className="tag" data-state={s.active ? 'active' : 'inactive'}>
          {t(s.active ? 'staff.active' : 'staff.inactive')}
        </span>
        {locked && (
          <span className="tag" data-state="locked">
            {t('staff.lockedUntil', { until: formatDateTime(s.lockedUntil!, locale) })}
          </span>
        )}
      </td>
      <td>
        <div className="row-actions">
          <button type="button" className="btn btn-small" onClick={() => void toggle()}>
            {t(s.active ? 'staff.deactivate' : 'staff.reactivate')}
          </button>
          <button type="button" className="btn btn-small" aria-expanded={resetting} onClick={() => onReset(!resetting)}>
            {t('staff.resetPin')}
          </button>
        </div>
        {resetting && (
          <form className="inline-form" onSubmit={submitPin} noValidate>
            <label className="field">
              <span>{t('staff.newPinFor', { name: s.displayName })}</span>
              <input
                type="password"
                inputMode="numeric"
                autoComplete="new-password"
                maxLength={12}
                autoFocus
                value={pin}
                onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
                onKeyDown={(e) => e.key === 'Escape' && onReset(false)}
              />
            </label>
            <button type="submit" className="btn btn-small btn-primary">
              {t('common.save')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => onReset(false)}>
              {t('common.cancel')}
            </button>
          </form>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}
