import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { HealthStatus } from '../../src/api/contract/backup';
import { api } from '../api';
import { errorText } from '../i18n/errors';
import { formatDateTime } from '../i18n/format';
import { useStore } from '../store';
import { useOnChange } from '../changes';

/**
 * Before anything else: is the database usable? A damaged or missing file is said plainly, with
 * the newest good backup and a restore button; where the damaged data can still be read, the desk
 * may go on read-only under a banner.
 */
export function HealthGate({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const loadStatus = useStore((s) => s.session.loadStatus);
  const [health, setHealth] = useState<HealthStatus | null>(null);
  const [readOnlyAccepted, setReadOnlyAccepted] = useState(false);
  const [staff, setStaff] = useState<{ id: string; displayName: string }[]>([]);
  const [staffId, setStaffId] = useState('');
  const [pin, setPin] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = useCallback(async () => {
    const r = await api['health.status']({});
    // An old desk server without the method, or a network problem: the normal screens say so.
    setHealth(r.ok ? r.value : null);
    if (r.ok && r.value.restoreNeedsPin) {
      const s = await api['session.status']({});
      if (s.ok) {
        const coords = s.value.staff.filter((x) => x.role === 'coordinator');
        setStaff(coords);
        setStaffId((cur) => cur || coords[0]?.id || '');
      }
    }
  }, []);
  useEffect(() => {
    void check();
  }, [check]);
  // Damage found by the background check after a clean start is announced as a change of everything.
  useOnChange(['settings'], () => void check());

  if (!health) return <>{children}</>;
  const damaged = health.readOnly;
  if (!damaged || (readOnlyAccepted && health.viewable)) {
    return (
      <>
        {(damaged || health.state === 'restored') && (
          <div className={damaged ? 'health-banner health-bad' : 'health-banner'} role={damaged ? 'alert' : 'status'} data-testid="health-banner">
            {damaged
              ? t(health.state === 'read-only-folder' ? 'health.readOnlyFolderBanner' : 'health.readOnlyBanner')
              : t('health.restoredBanner', { from: health.restored?.from ?? '' })}
          </div>
        )}
        {children}
      </>
    );
  }

  const restore = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await api['health.restoreLatest'](health.restoreNeedsPin ? { staffId, pin } : {});
    setBusy(false);
    if (!r.ok) return setProblem(errorText(t, r.error, locale));
    setProblem(null);
    setPin('');
    await check();
    await loadStatus();
  };

  return (
    <main className="gate">
      <div className="card gate-card health-card" role="alert" data-testid="health-gate">
        <p className="brand">{t('app.name')}</p>
        <h1>{t(`health.title.${health.state}`)}</h1>
        <p>{t(`health.explain.${health.state}`)}</p>
        {health.problems.length > 0 && (
          <details>
            <summary>{t('health.details')}</summary>
            <ul>
              {health.problems.slice(0, 5).map((p, i) => (
                <li key={i}>{p}</li>
              ))}
            </ul>
          </details>
        )}
        {health.state === 'read-only-folder' ? null : health.newestGoodBackup ? (
          <p data-testid="health-backup">{t('health.newestBackup', { at: formatDateTime(health.newestGoodBackup.at, locale) })}</p>
        ) : (
          <p>{t('health.noBackup')}</p>
        )}
        {health.canRestore && (
          <form onSubmit={restore} className="health-restore">
            {health.restoreNeedsPin && (
              <>
                <label className="field">
                  <span>{t('health.coordinator')}</span>
                  <select value={staffId} onChange={(e) => setStaffId(e.target.value)}>
                    {staff.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.displayName}
                      </option>
                    ))}
                  </select>
                </label>
                <label className="field">
                  <span>{t('health.pin')}</span>
                  <input type="password" inputMode="numeric" maxLength={12} value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, ''))} data-testid="health-pin" />
                </label>
              </>
            )}
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="health-restore">
              {t('health.restore')}
            </button>
          </form>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        {health.viewable && (
          <button type="button" className="btn" onClick={() => setReadOnlyAccepted(true)} data-testid="health-readonly">
            {t('health.continueReadOnly')}
          </button>
        )}
      </div>
    </main>
  );
}
