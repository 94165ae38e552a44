import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from 'fhir/r4';
import { testApp, type TestApp } from '../testing/harness';
import { centralChanges, type World } from '../../tools/central-sim/population';
import type { CentralSim } from '../../tools/central-sim/server';
import { SyncEngine } from './engine';
import { FhirCentral, type CentralSystem } from './central';
import { DEFAULT_PULL } from './pull';
import { CentralError, isRetryable } from './retry';
import { FhirClient, checkBaseUrl } from './fhir/client';
import { SSIN_SYSTEM } from './fhir/mappers';
import { PULL_KEY, type PullState } from './settings';
import { connect, differences, startSim } from './testing/fixture';

let sim: CentralSim;
let world: World;
let t: TestApp;
const PULL = { ...DEFAULT_PULL, pageSize: 100, overlapMs: 200 };

beforeAll(async () => {
  ({ sim, world } = await startSim({ invitations: 600 }));
  t = testApp();
  connect(t, sim);
  const r = await new SyncEngine(t.core, { pull: PULL }).run();
  if (r.error) throw new Error(r.error);
}, 60_000);
afterAll(async () => {
  t?.cleanup();
  await sim?.stop();
});

describe('the pull trusts nothing', () => {
  it('a malformed page stores nothing and keeps the cursor; the pull succeeds once central is fixed', async () => {
    const before = t.core.store.settings.get<PullState>(PULL_KEY)!;
    const fresh = await centralChanges(sim, world, { add: 3, reschedule: 0, cancel: 0, firstDay: '2021-03-01', days: 30 });
    const bad = await sim.engine.read<Appointment>('Appointment', fresh.added[1]!);
    const badPatient = { ...bad.contained![0]!, identifier: [{ system: SSIN_SYSTEM, value: '85073003329' }] };
    await sim.engine.update({ ...bad, contained: [badPatient] });
    const r = await new SyncEngine(t.core, { pull: PULL }).run();
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(/malformed page.*invalid national number/);
    for (const id of fresh.added) expect(t.core.store.invitations.get(id)).toBeUndefined();
    expect(t.core.store.settings.get<PullState>(PULL_KEY)!.cursor).toBe(before.cursor);
    await sim.engine.update({ ...bad });
    const again = await new SyncEngine(t.core, { pull: PULL }).run();
    expect(again.error).toBeNull();
    for (const id of fresh.added) expect(t.core.store.invitations.get(id)).toBeDefined();
    expect(await differences(t, sim)).toEqual([]);
  }, 60_000);

  it('when central rejects the cursor, the whole window is pulled again', async () => {
    await centralChanges(sim, world, { add: 2, reschedule: 2, cancel: 0, firstDay: '2021-03-01', days: 30 });
    const calls: (string | null)[] = [];
    const engine = new SyncEngine(t.core, {
      pull: PULL,
      central: (c, token, timeoutMs) => {
        const real = new FhirCentral({ baseUrl: c.baseUrl, token, timeoutMs });
        return {
          nextPage: (l) => real.nextPage(l),
          read: (ty, id) => real.read(ty, id),
          put: (ty, id, r, m) => real.put(ty, id, r, m),
          checkConnection: (l) => real.checkConnection(l),
          searchAppointments: async (q) => {
            calls.push(q.since);
            if (q.since) throw new CentralError('http', 'Invalid _lastUpdated', 400);
            return real.searchAppointments(q);
          },
        } satisfies CentralSystem;
      },
    });
    const r = await engine.run();
    expect(r.error).toBeNull();
    expect(calls).toHaveLength(2);
    expect(calls[0]).not.toBeNull();
    expect(calls[1]).toBeNull();
    expect(r.pulled!.full).toBe(true);
    expect(r.pulled!.entries).toBe(605);
    expect(await differences(t, sim)).toEqual([]);
    expect(t.core.store.settings.get<PullState>(PULL_KEY)!.fullPending).toBe(false);
  }, 60_000);

  it('an unreachable central makes the run fail as offline and stores nothing', async () => {
    const t2 = testApp();
    try {
      t2.core.store.tx(() => {
        t2.core.store.center.save({ id: 'c', name: 'c' }, new Date().toISOString());
        t2.core.store.settings.put('sync.connection', { baseUrl: 'http://127.0.0.1:9/fhir', locationId: 'x' });
      });
      const e = new SyncEngine(t2.core);
      const r = await e.run();
      expect(r.unreachable).toBe(true);
      expect(e.status().state).toBe('offline');
      expect(t2.core.store.invitations.count()).toBe(0);
    } finally {
      t2.cleanup();
    }
  });
});

/** A server that answers every request with what the test wants. */
async function rogue(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const s = http.createServer(handler);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/fhir`,
    close: () => new Promise<void>((r) => {
      s.closeAllConnections();
      s.close(() => r());
    }),
  };
}

describe('the FHIR client checks every answer', () => {
  it('requires HTTPS except to localhost and refuses credentials in the address', () => {
    expect(() => checkBaseUrl('http://central.example.be/fhir')).toThrow(/HTTPS/);
    expect(() => checkBaseUrl('https://u:p@central.example.be/fhir')).toThrow(/token/);
    expect(() => checkBaseUrl('not a url')).toThrow(/valid URL/);
    expect(checkBaseUrl('https://central.example.be/fhir').host).toBe('central.example.be');
    expect(checkBaseUrl('http://localhost:5190/fhir').port).toBe('5190');
  });

  it.each([
    ['wrong content type', (res: http.ServerResponse) => res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>'), /content type/],
    ['invalid JSON', (res: http.ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end('{"a":'), /not valid JSON/],
    ['too large', (res: http.ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(JSON.stringify({ x: 'y'.repeat(5000) })), /too large|larger/],
    ['not a Bundle', (res: http.ServerResponse) => res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end('{"resourceType":"Patient"}'), /search page/],
    ['a next link elsewhere', (res: http.ServerResponse) =>
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' }).end(JSON.stringify({ resourceType: 'Bundle', type: 'searchset', link: [{ relation: 'next', url: 'https://evil.example/steal' }], entry: [] })), /outside/],
  ])('refuses %s', async (_n, answer, msg) => {
    const srv = await rogue((_req, res) => answer(res));
    try {
      const c = new FhirCentral({ baseUrl: srv.url, token: 't', timeoutMs: 2000 });
      (c as unknown as { http: FhirClient }).http = new FhirClient({ baseUrl: srv.url, token: 't', timeoutMs: 2000, maxBytes: 4096 });
      await expect(c.searchAppointments({ locationId: 'l', from: 'a', to: 'b', since: null, count: 10 })).rejects.toThrow(msg);
    } finally {
      await srv.close();
    }
  });

  it('times out a hanging server, and honours Retry-After on 429/503', async () => {
    const hang = await rogue(() => {});
    try {
      const c = new FhirClient({ baseUrl: hang.url, token: null, timeoutMs: 300 });
      const t0 = Date.now();
      const e = await c.request('GET', 'metadata').catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CentralError);
      expect((e as CentralError).kind).toBe('timeout');
      expect(Date.now() - t0).toBeLessThan(2000);
      expect(isRetryable(e)).toBe(true);
    } finally {
      await hang.close();
    }
    const busy = await rogue((_q, res) => res.writeHead(429, { 'Retry-After': '7', 'Content-Type': 'application/fhir+json' }).end('{"resourceType":"OperationOutcome","issue":[]}'));
    try {
      const e = (await new FhirClient({ baseUrl: busy.url, token: null }).request('GET', 'x').catch((x: unknown) => x)) as CentralError;
      expect(e.status).toBe(429);
      expect(e.retryAfterMs).toBe(7000);
      expect(isRetryable(e)).toBe(true);
    } finally {
      await busy.close();
    }
  });

  it('sends the bearer token and reports 401 as not retryable', async () => {
    let auth: string | undefined;
    const srv = await rogue((req, res) => {
      auth = req.headers.authorization;
      res.writeHead(401, { 'Content-Type': 'application/fhir+json' }).end('{"resourceType":"OperationOutcome","issue":[{"details":{"text":"bad token"}}]}');
    });
    try {
      const e = await new FhirClient({ baseUrl: srv.url, token: 's3cret' }).request('GET', 'metadata').catch((x: unknown) => x);
      expect(auth).toBe('Bearer s3cret');
      expect((e as CentralError).message).toBe('bad token');
      expect(isRetryable(e)).toBe(false);
    } finally {
      await srv.close();
    }
  });
});
