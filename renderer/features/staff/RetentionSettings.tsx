import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api';
import { useOnChange } from '../../changes';
import { errorText } from '../../i18n/errors';
import { formatDateTime } from '../../i18n/format';
import { useStore } from '../../store';

/** The coordinator sets how long personal data is kept after it has been synced; VaxDesk purges it daily. */
export function RetentionSettings({ onDone }: { onDone: (msg: string) => void }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const [days, setDays] = useState('');
  const [lastRun, setLastRun] = useState<{ at: string; people: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const load = async () => {
    const r = await api['retention.get']({});
    if (!r.ok) return;
    setDays(r.value.days === null ? '' : String(r.value.days));
    setLastRun(r.value.lastRun);
  };
  useEffect(() => {
    void load();
  }, []);
  useOnChange(['settings', 'invitations'], () => void load());

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = days.trim() === '' ? null : Number(days);
    if (n !== null && (!Number.isInteger(n) || n < 7 || n > 3650)) return setProblem(t('staff.retentionRange'));
    const r = await api['retention.update']({ days: n });
    if (!r.ok) return setProblem(errorText(t, r.error, locale));
    setProblem(null);
    onDone(n === null ? t('staff.retentionOff') : t('staff.retentionSaved', { days: n }));
  };

  return (
    <form className="panel create-staff" onSubmit={submit} noValidate aria-labelledby="retention-title">
      <h2 id="retention-title">{t('staff.retentionTitle')}</h2>
      <div className="create-grid">
        <label className="field">
          <span>{t('staff.retentionDays')}</span>
          <input data-testid="retention-days" inputMode="numeric" maxLength={4} value={days} onChange={(e) => setDays(e.target.value.replace(/\D/g, ''))} />
        </label>
        <button type="submit" className="btn btn-primary">
          {t('staff.save')}
        </button>
      </div>
      <p className="hint">
        {t('staff.retentionHint')}{' '}
        {lastRun ? t('staff.retentionLastRun', { at: formatDateTime(lastRun.at, locale), people: lastRun.people }) : ''}
      </p>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
