import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import type { CentralSim } from '../../../tools/central-sim/server';
import { startSim, LOCATION, CENTER } from '../../sync/testing/fixture';

const TOKEN = 'tok-secret-4f1c9a';
let sim: CentralSim;
let t: TestApp;
let coord: string;
let listener: http.Server;
let listenerUrl: string;
const seen: (string | undefined)[] = [];

beforeAll(async () => {
  ({ sim } = await startSim({ invitations: 5, token: TOKEN }));
  // The attacker's listener: it answers like nothing in particular and keeps every Authorization header.
  listener = http.createServer((req, res) => {
    seen.push(req.headers.authorization);
    res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
  });
  await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
  listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}/fhir`;
  t = testApp();
  t.core.store.tx(() => t.core.store.settings.put('center', { id: CENTER, name: 'Heizel' }));
  coord = await t.setup();
  await t.must('sync.setConnection', { baseUrl: sim.url, locationId: LOCATION, token: TOKEN }, coord);
}, 60_000);
afterAll(async () => {
  t?.cleanup();
  await sim?.stop();
  await new Promise<void>((r) => listener.close(() => r()));
});

describe('the central token goes only to the saved address (issue 13, item 4)', () => {
  it('a connection test against another address does not carry the saved token', async () => {
    const r = await t.call('sync.testConnection', { baseUrl: listenerUrl }, coord);
    expect(r).toMatchObject({ ok: false, error: { code: 'CENTRAL_UNAVAILABLE' } });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.filter((h) => h?.includes(TOKEN))).toEqual([]);
    // A token typed for that address goes there, which is what the coordinator asked for.
    await t.call('sync.testConnection', { baseUrl: listenerUrl, token: 'typed-for-this-one' }, coord);
    expect(seen.at(-1)).toBe('Bearer typed-for-this-one');
    // The saved address still gets the saved token.
    expect(await t.must('sync.testConnection', {}, coord)).toMatchObject({ locationName: 'Vaccination center' });
  });

  it('moving the connection to another address needs the token typed again; nothing is sent meanwhile', async () => {
    const before = seen.length;
    expect(await t.call('sync.setConnection', { baseUrl: listenerUrl, locationId: LOCATION }, coord)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', details: { field: 'token', reason: 'newAddress' } },
    });
    expect(await t.must('sync.getConnection', {}, coord)).toMatchObject({ baseUrl: sim.url, hasToken: true });
    await t.must('sync.run', { wait: true }, coord);
    expect(seen.length).toBe(before);
    // Moving while dropping the token is allowed: then nothing is sent with it either.
    expect(await t.must('sync.setConnection', { baseUrl: listenerUrl, locationId: LOCATION, clearToken: true }, coord)).toMatchObject({ hasToken: false });
    await t.must('sync.run', { wait: true }, coord);
    expect(seen.filter((h) => h?.includes(TOKEN))).toEqual([]);
  });

  it('every connection test and change is in the audit log, without the token', async () => {
    const rows = await t.must('audit.list', { limit: 50 }, coord);
    const tests = rows.filter((r) => r.action === 'sync.testConnection');
    expect(tests.map((r) => r.detail.tokenSource)).toEqual(['stored', 'typed', 'none']);
    expect(tests.map((r) => r.detail.baseUrl)).toEqual([sim.url, listenerUrl, listenerUrl]);
    expect(rows.filter((r) => r.action === 'sync.setConnection').map((r) => r.detail.previousBaseUrl)).toEqual([sim.url, null]);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
  });
});
