import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../../src/api/errors';
import type { ParkedChange } from '../../../src/api/contract/sync';
import { useOnChange } from '../../changes';
import { errorText } from '../../i18n/errors';
import { formatDateTime } from '../../i18n/format';
import { useStore } from '../../store';
import type { SectionProps } from '../sections';
import FilesPanel from './FilesPanel';
import { ConfirmIdChange, idChangeOf, type IdChange } from '../center/ConfirmIdChange';
import './sync.css';

function useExplain() {
  const { t } = useTranslation();
  const locale = useStore((s) => s.session.locale);
  return (e: ApiError) => errorText(t, e, locale);
}

/** Sync: the state of the link with the central system, its settings, what central refused, and the file fallback. */
export default function SyncSection(_props: SectionProps) {
  const { t } = useTranslation();
  return (
    <section className="section" aria-labelledby="section-title">
      <h1 id="section-title" tabIndex={-1}>
        {t('sync.title')}
      </h1>
      <div className="sync-grid">
        <StatusPanel />
        <ConnectionPanel />
      </div>
      <ParkedPanel />
      {/* The file fallback for long outages (import of invitation lists, export of a day) is its own panel. */}
      <div className="sync-files">
        <FilesPanel />
      </div>
    </section>
  );
}

function StatusPanel() {
  const { t } = useTranslation();
  const explain = useExplain();
  const locale = useStore((s) => s.session.locale);
  const status = useStore((s) => s.sync.status);
  const runNow = useStore((s) => s.sync.runNow);
  const [problem, setProblem] = useState<string | null>(null);
  const p = status?.progress;
  const run = async (full: boolean) => {
    setProblem(null);
    const e = await runNow(full);
    if (e) setProblem(explain(e));
  };
  return (
    <div className="panel" aria-labelledby="sync-status-title">
      <h2 id="sync-status-title">{t('sync.statusTitle')}</h2>
      {status && (
        <dl className="sync-facts">
          <dt>{t('sync.stateLabel')}</dt>
          <dd data-testid="sync-state">{t(`sync.state.${status.state}`)}</dd>
          <dt>{t('sync.lastSuccessLabel')}</dt>
          <dd>{status.lastSuccessAt ? formatDateTime(status.lastSuccessAt, locale) : t('sync.never')}</dd>
          <dt>{t('sync.outboxLabel')}</dt>
          <dd data-testid="sync-outbox">{t('sync.outboxDetail', { pending: status.outbox.pending, parked: status.outbox.parked })}</dd>
          {status.lastError && (
            <>
              <dt>{t('sync.lastError')}</dt>
              <dd className="error-text">{status.lastError}</dd>
            </>
          )}
        </dl>
      )}
      {status?.running && p && p.phase !== 'idle' && (
        <div className="sync-progress" data-testid="sync-progress">
          <progress max={p.total ?? undefined} value={p.total ? Math.min(p.entries, p.total) : undefined} aria-label={t('sync.progressLabel')} />
          <p>{p.phase === 'pull' ? t('sync.progressPull', { pages: p.pages, entries: p.entries, total: p.total ?? '?' }) : t('sync.progressPush')}</p>
        </div>
      )}
      <div className="sync-actions">
        <button type="button" className="btn btn-primary" data-testid="sync-now" disabled={!status || status.state === 'unconfigured' || status.running} onClick={() => void run(false)}>
          {t('sync.runNow')}
        </button>
        <button type="button" className="btn" disabled={!status || status.state === 'unconfigured' || status.running} onClick={() => void run(true)}>
          {t('sync.runFull')}
        </button>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}

function ConnectionPanel() {
  const { t } = useTranslation();
  const explain = useExplain();
  const connection = useStore((s) => s.sync.connection);
  const load = useStore((s) => s.sync.loadConnection);
  const save = useStore((s) => s.sync.saveConnection);
  const test = useStore((s) => s.sync.testConnection);
  const [baseUrl, setBaseUrl] = useState('');
  const [locationId, setLocationId] = useState('');
  const [token, setToken] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [change, setChange] = useState<IdChange | null>(null);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    setBaseUrl(connection?.baseUrl ?? '');
    setLocationId(connection?.locationId ?? '');
  }, [connection]);

  const onSave = async (confirmCenterChange = false) => {
    setBusy(true);
    const e = await save({ baseUrl, locationId, ...(token ? { token } : {}), confirmCenterChange });
    setBusy(false);
    // Another Location id than the center's: say what it means before anything changes.
    const asked = idChangeOf(e);
    setChange(asked);
    if (asked) return setMessage(null);
    if (e) return setMessage({ ok: false, text: e.code === 'INVALID_INPUT' && e.details?.field === 'baseUrl' ? t('sync.badUrl') : explain(e) });
    setToken('');
    setMessage({ ok: true, text: t('sync.saved') });
  };
  const onTest = async () => {
    setBusy(true);
    setMessage(null);
    const r = await test({ ...(baseUrl ? { baseUrl } : {}), ...(locationId ? { locationId } : {}), ...(token ? { token } : {}) });
    setBusy(false);
    if (!r.ok) return setMessage({ ok: false, text: r.error.code === 'INVALID_INPUT' && r.error.details?.field === 'baseUrl' ? t('sync.badUrl') : `${explain(r.error)} ${r.error.code === 'CENTRAL_UNAVAILABLE' ? r.error.message : ''}`.trim() });
    setMessage({ ok: true, text: t('sync.testOk', { ms: r.value.latencyMs, location: r.value.locationName ?? locationId, version: r.value.fhirVersion ?? '?' }) });
  };
  return (
    <form
      className="panel"
      aria-labelledby="sync-connection-title"
      onSubmit={(e) => {
        e.preventDefault();
        void onSave();
      }}
    >
      <h2 id="sync-connection-title">{t('sync.connectionTitle')}</h2>
      <label className="field" htmlFor="sync-base-url">
        <span>{t('sync.baseUrl')}</span>
        <input id="sync-base-url" data-testid="sync-base-url" type="url" required maxLength={300} value={baseUrl} placeholder="https://…/fhir" onChange={(e) => setBaseUrl(e.target.value)} />
      </label>
      <label className="field" htmlFor="sync-location">
        <span>{t('sync.locationId')}</span>
        <input id="sync-location" data-testid="sync-location" required maxLength={64} value={locationId} onChange={(e) => setLocationId(e.target.value)} />
      </label>
      <label className="field" htmlFor="sync-token">
        <span>{connection?.hasToken ? t('sync.tokenReplace') : t('sync.token')}</span>
        <input id="sync-token" data-testid="sync-token" type="password" autoComplete="off" maxLength={4096} value={token} onChange={(e) => setToken(e.target.value)} />
      </label>
      {connection && <p className="hint">{t('sync.tokenStore', { store: storeName(t, connection.tokenStore) })}</p>}
      <p className="hint">{t('sync.httpsHint')}</p>
      {change && <ConfirmIdChange change={change} busy={busy} onConfirm={() => void onSave(true)} onCancel={() => setChange(null)} />}
      <div className="sync-actions">
        <button type="submit" className="btn btn-primary" data-testid="sync-save" disabled={busy || change !== null}>
          {t('common.save')}
        </button>
        <button type="button" className="btn" data-testid="sync-test" disabled={busy} onClick={() => void onTest()}>
          {t('sync.test')}
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'flash' : 'error'} role={message.ok ? 'status' : 'alert'} data-testid="sync-connection-message">
          {message.text}
        </p>
      )}
    </form>
  );
}

function ParkedPanel() {
  const { t } = useTranslation();
  const parked = useStore((s) => s.sync.parked);
  const load = useStore((s) => s.sync.loadParked);
  useEffect(() => void load(), [load]);
  useOnChange(['sync'], () => void load());
  return (
    <div className="panel sync-parked" aria-labelledby="sync-parked-title">
      <h2 id="sync-parked-title">{t('sync.parkedTitle')}</h2>
      {parked.length === 0 ? (
        <p data-testid="sync-parked-empty">{t('sync.parkedEmpty')}</p>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th scope="col">{t('sync.when')}</th>
              <th scope="col">{t('sync.what')}</th>
              <th scope="col">{t('sync.errorCol')}</th>
              <th scope="col">{t('sync.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {parked.map((p) => (
              <ParkedRow key={p.id} p={p} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function ParkedRow({ p }: { p: ParkedChange }) {
  const { t } = useTranslation();
  const explain = useExplain();
  const locale = useStore((s) => s.session.locale);
  const retry = useStore((s) => s.sync.retry);
  const discard = useStore((s) => s.sync.discard);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const what = t(`sync.kind.${p.kind}`, { defaultValue: p.kind });
  return (
    <tr data-testid="sync-parked-row">
      <td className="nowrap">{formatDateTime(p.createdAt, locale)}</td>
      <td>
        {what} <code>{p.resourceKey}</code>
        {p.waitingBehind > 0 && <div className="hint">{t('sync.waitingBehind', { count: p.waitingBehind })}</div>}
      </td>
      <td className="error-text">{p.lastError}</td>
      <td>
        <div className="sync-discard">
          <button type="button" className="btn btn-small" onClick={() => void retry(p.id).then((e) => setProblem(e ? explain(e) : null))}>
            {t('sync.retry')}
          </button>
          <label className="field" htmlFor={`discard-${p.id}`}>
            <span>{t('sync.reason')}</span>
            <input id={`discard-${p.id}`} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />
          </label>
          <button type="button" className="btn btn-small" disabled={reason.trim().length < 3} onClick={() => void discard(p.id, reason.trim()).then((e) => setProblem(e ? explain(e) : null))}>
            {t('sync.discard')}
          </button>
        </div>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
      </td>
    </tr>
  );
}

/** The core names where the token is kept in English ('OS keychain', 'owner-only file', 'unavailable: …'); say it in the desk's language. */
function storeName(t: (k: string, o?: Record<string, unknown>) => string, kind: string): string {
  if (kind === 'OS keychain') return t('sync.store.keychain');
  if (kind === 'owner-only file') return t('sync.store.file');
  if (kind.startsWith('unavailable')) return t('sync.store.unavailable', { reason: kind.replace(/^unavailable:\s*/, '') });
  return kind;
}
