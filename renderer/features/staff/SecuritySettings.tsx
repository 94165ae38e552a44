import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useOnChange } from '../../changes';
import { errorText } from '../../i18n/errors';
import { useStore } from '../../store';

/** The coordinator sets after how many idle minutes every desk locks itself (and its session ends). */
export function SecuritySettings({ onDone }: { onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const [minutes, setMinutes] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const load = async () => {
    const r = await api['settings.getSecurity']({});
    if (r.ok) setMinutes(String(r.value.idleLockMinutes));
  };
  useEffect(() => {
    void load();
  }, []);
  useOnChange(['settings'], () => void load());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = Number(minutes);
    if (!Number.isInteger(n) || n < 1 || n > 240) return setProblem(t('staff.idleRange'));
    const r = await api['settings.updateSecurity']({ idleLockMinutes: n });
    if (!r.ok) return setProblem(errorText(t, r.error, locale));
    setProblem(null);
    onDone(t('staff.idleSaved', { minutes: n }));
  };

  return (
    <form className="panel create-staff" onSubmit={submit} noValidate aria-labelledby="security-title">
      <h2 id="security-title">{t('staff.securityTitle')}</h2>
      <div className="create-grid">
        <label className="field">
          <span>{t('staff.idleMinutes')}</span>
          <input data-testid="idle-minutes" inputMode="numeric" maxLength={3} value={minutes} onChange={(e) => setMinutes(e.target.value.replace(/\D/g, ''))} />
        </label>
        <button type="submit" className="btn btn-primary">
          {t('staff.save')}
        </button>
      </div>
      <p className="hint">{t('staff.idleHint')}</p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
