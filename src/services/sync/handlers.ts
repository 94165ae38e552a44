import { AppError } from '../../api/errors';
import type { ConnectionView, syncContract } from '../../api/contract/sync';
import type { Call, Core, HandlersFor } from '../context';
import { audit } from '../audit-log';
import { syncEngine } from '../../sync/engine';
import { FhirCentral } from '../../sync/central';
import { checkBaseUrl } from '../../sync/fhir/client';
import { CentralError, describe } from '../../sync/retry';
import { setCenterId } from '../center';
import { CONNECTION_KEY, getConnection, getToken, TOKEN_SECRET, type Connection } from '../../sync/settings';

function view(core: Core): ConnectionView {
  const c = getConnection(core.store);
  return { baseUrl: c?.baseUrl ?? null, locationId: c?.locationId ?? null, hasToken: !!getToken(core.secrets), tokenStore: core.secrets.kind };
}

function validUrl(raw: string): string {
  try {
    return checkBaseUrl(raw).toString().replace(/\/+$/, '');
  } catch (e) {
    throw new AppError('INVALID_INPUT', e instanceof Error ? e.message : 'invalid address', { field: 'baseUrl' });
  }
}

function mustParked(call: Call, id: number) {
  const e = call.core.store.outbox.get(id);
  if (!e || e.status !== 'parked') throw new AppError('NOT_FOUND', 'This change is not (or no longer) parked.');
  return e;
}

export const syncHandlers: HandlersFor<typeof syncContract> = {
  'sync.status': (_i, call) => syncEngine(call.core).status(),

  'sync.run': async (i, call) => {
    const engine = syncEngine(call.core);
    const already = engine.status().running;
    const run = engine.run({ full: i.full });
    if (!i.wait) {
      run.catch(() => {});
      return { started: !already, summary: null };
    }
    const s = await run;
    return {
      started: !already,
      summary: {
        ok: s.ok,
        unreachable: s.unreachable,
        error: s.error,
        pulled: s.pulled ? { entries: s.pulled.entries, inserted: s.pulled.inserted, updated: s.pulled.updated, pages: s.pulled.pages, full: s.pulled.full } : null,
        pushed: s.pushed ? { pushed: s.pushed.pushed, parked: s.pushed.parked, retrying: s.pushed.retrying } : null,
      },
    };
  },

  'sync.getConnection': (_i, call) => view(call.core),

  'sync.setConnection': (i, call) => {
    const { store, secrets } = call.core;
    const conn: Connection = { baseUrl: validUrl(i.baseUrl), locationId: i.locationId };
    const tokenChanged = i.token !== undefined || i.clearToken;
    store.tx(() => {
      // The center's identity at central is the Location id: set it (or change it, confirmed) first.
      setCenterId(store, conn.locationId, i.confirmCenterChange, call.now().toISOString(), { staffId: call.me().staffId, staffName: call.me().displayName });
      store.settings.put(CONNECTION_KEY, conn);
      // The token itself never reaches the audit log or the database.
      audit(call, 'sync.setConnection', 'settings', CONNECTION_KEY, { ...conn, tokenChanged });
    });
    if (i.clearToken) secrets.set(TOKEN_SECRET, null);
    else if (i.token !== undefined) secrets.set(TOKEN_SECRET, i.token);
    return view(call.core);
  },

  'sync.testConnection': async (i, call) => {
    const saved = getConnection(call.core.store);
    const baseUrl = i.baseUrl ? validUrl(i.baseUrl) : saved?.baseUrl;
    const locationId = i.locationId ?? saved?.locationId;
    if (!baseUrl || !locationId) throw new AppError('INVALID_INPUT', 'Enter the central system address and the Location id first.');
    const central = new FhirCentral({ baseUrl, token: i.token ?? getToken(call.core.secrets), timeoutMs: 10_000 });
    const t0 = Date.now();
    try {
      const info = await central.checkConnection(locationId);
      return { latencyMs: Date.now() - t0, ...info };
    } catch (e) {
      if (!(e instanceof CentralError)) throw e;
      throw new AppError('CENTRAL_UNAVAILABLE', `The central system did not answer as expected: ${describe(e)}`, { kind: e.kind, status: e.status });
    }
  },

  'sync.parked': (_i, call) =>
    call.core.store.sync.parked().map((e) => ({
      id: e.id,
      kind: e.kind,
      resourceKey: e.resourceKey,
      payload: JSON.parse(e.payload) as Record<string, unknown>,
      createdAt: e.createdAt,
      attempts: e.attempts,
      lastError: e.lastError,
      waitingBehind: e.waitingBehind,
    })),

  'sync.retryParked': (i, call) => {
    const { store } = call.core;
    store.tx(() => {
      const e = mustParked(call, i.id);
      store.sync.retryParked(i.id, call.now().toISOString());
      audit(call, 'sync.retryParked', 'outbox', String(i.id), { kind: e.kind, resourceKey: e.resourceKey, lastError: e.lastError });
    });
    syncEngine(call.core).soon();
    return null;
  },

  'sync.discardParked': (i, call) => {
    const { store } = call.core;
    store.tx(() => {
      const e = mustParked(call, i.id);
      store.sync.done(i.id);
      audit(call, 'sync.discardParked', 'outbox', String(i.id), {
        reason: i.reason,
        kind: e.kind,
        resourceKey: e.resourceKey,
        payload: JSON.parse(e.payload) as unknown,
        lastError: e.lastError,
      });
    });
    return null;
  },
};
