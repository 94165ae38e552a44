import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatTime } from '../../i18n/format';
import { useOnChange } from '../../changes';
import { useStore } from '../../store';
import './sync.css';

/** The status bar's view of the central system: online / offline / failing, last sync, outbox, next try. */
export function CentralStatus() {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  const status = useStore((s) => s.sync.status);
  const load = useStore((s) => s.sync.loadStatus);
  useOnChange(['sync', 'arrivals', 'settings'], () => void load());
  useEffect(() => {
    void load();
    // The engine's own events cover changes; this catches "next try" passing and a closed stream.
    const id = setInterval(() => void load(), 15_000);
    return () => clearInterval(id);
  }, [load]);

  const state = status?.state ?? 'unconfigured';
  const waiting = status ? status.outbox.pending + status.outbox.parked : 0;
  return (
    <span className="central-status" data-state={state} data-testid="central-status" role="status" aria-live="polite" aria-label={t('status.label')}>
      <span className="dot" aria-hidden="true" />
      <span>{t(`sync.state.${state}`)}</span>
      {status?.running && <span className="central-running">{t('sync.running')}</span>}
      {status?.lastSuccessAt && <span className="central-detail">{t('sync.lastSuccess', { when: formatDateTime(status.lastSuccessAt, locale) })}</span>}
      {status && state !== 'unconfigured' && (
        <span className="central-detail" data-testid="outbox-count" data-count={waiting}>
          {t('sync.outbox', { count: waiting })}
        </span>
      )}
      {status?.nextTryAt && state !== 'online' && state !== 'unconfigured' && <span className="central-detail">{t('sync.nextTry', { time: formatTime(status.nextTryAt, locale) })}</span>}
    </span>
  );
}
