import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorText } from '../../i18n/errors';
import { LOCALES, isLocale, type Locale } from '../../i18n';
import { useStore } from '../../store';

type Role = 'receptionist' | 'coordinator';

export function CreateStaffForm({ onDone }: { onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const create = useStore((s) => s.staff.create);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('receptionist');
  const [pin, setPin] = useState('');
  const [lang, setLang] = useState<Locale>(locale);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setProblem(t('setup.nameMissing'));
    if (!/^\d{4,12}$/.test(pin)) return setProblem(t('setup.pinDigits'));
    setBusy(true);
    const err = await create({ displayName: name.trim(), role, pin, locale: lang });
    setBusy(false);
    if (err) return setProblem(errorText(t, err, locale));
    onDone(t('staff.created', { name: name.trim() }));
    setName('');
    setPin('');
    setProblem(null);
  };

  return (
    <form className="panel create-staff" onSubmit={submit} noValidate aria-labelledby="create-staff-title">
      <h2 id="create-staff-title">{t('staff.createTitle')}</h2>
      <div className="create-grid">
        <label className="field">
          <span>{t('staff.name')}</span>
          <input value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="field">
          <span>{t('staff.role')}</span>
          <select value={role} onChange={(e) => setRole(e.target.value === 'coordinator' ? 'coordinator' : 'receptionist')}>
            <option value="receptionist">{t('role.receptionist')}</option>
            <option value="coordinator">{t('role.coordinator')}</option>
          </select>
        </label>
        <label className="field">
          <span>{t('staff.pin')}</span>
          <input
            type="password"
            inputMode="numeric"
            autoComplete="new-password"
            maxLength={12}
            value={pin}
            onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))}
            aria-describedby="create-pin-hint"
          />
        </label>
        <label className="field">
          <span>{t('staff.language')}</span>
          <select value={lang} onChange={(e) => isLocale(e.target.value) && setLang(e.target.value)}>
            {LOCALES.map((l) => (
              <option key={l} value={l} lang={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy}>
          {t('staff.create')}
        </button>
      </div>
      <p id="create-pin-hint" className="hint">
        {t('setup.pinHint')}
      </p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
