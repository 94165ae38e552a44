import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import type { CentralSim } from '../../../tools/central-sim/server';
import { startSim, LOCATION } from '../../sync/testing/fixture';

let sim: CentralSim;
let t: TestApp;
let coord: string;
let rec: string;

beforeAll(async () => {
  ({ sim } = await startSim({ invitations: 40, token: 'tok-123' }));
  t = testApp();
  // A center as the first-run screen leaves it: named, its Location id still unknown.
  t.core.store.center.save({ id: null, name: 'Heizel' }, new Date().toISOString());
  coord = await t.setup();
  rec = await t.staffToken('receptionist', coord);
}, 60_000);
afterAll(async () => {
  t?.cleanup();
  await sim?.stop();
});

describe('sync.* over the dispatcher', () => {
  it('connection settings: HTTPS required except localhost, coordinator only, token kept out of the database and the audit', async () => {
    expect(await t.call('sync.setConnection', { baseUrl: 'http://central.example.be/fhir', locationId: LOCATION, token: 'x' }, coord)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/HTTPS/) },
    });
    expect(await t.call('sync.setConnection', { baseUrl: sim.url, locationId: 'bad id!' }, coord)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('sync.setConnection', { baseUrl: sim.url, locationId: LOCATION, token: 'tok-123' }, rec)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.must('sync.getConnection', {}, coord)).toEqual({ baseUrl: null, locationId: null, hasToken: false, tokenStore: 'owner-only file' });

    const v = await t.must('sync.setConnection', { baseUrl: `${sim.url}/`, locationId: LOCATION, token: 'tok-123' }, coord);
    expect(v).toEqual({ baseUrl: sim.url, locationId: LOCATION, hasToken: true, tokenStore: 'owner-only file' });
    expect(t.core.store.center.id()).toBe(LOCATION);
    const db = fs.readFileSync(path.join(t.dir, 'vaxdesk.sqlite'));
    const wal = fs.existsSync(path.join(t.dir, 'vaxdesk.sqlite-wal')) ? fs.readFileSync(path.join(t.dir, 'vaxdesk.sqlite-wal')) : Buffer.alloc(0);
    expect(db.includes('tok-123') || wal.includes('tok-123')).toBe(false);
    const secret = fs.statSync(path.join(t.dir, 'secrets', 'central-token.secret'));
    expect(secret.mode & 0o077).toBe(0);
    const [a] = await t.must('audit.list', { limit: 1 }, coord);
    expect(a).toMatchObject({ action: 'sync.setConnection', detail: { baseUrl: sim.url, locationId: LOCATION, tokenChanged: true } });
    expect(JSON.stringify(a)).not.toContain('tok-123');
  });

  it('test connection: finds the Location; a wrong token or Location is a clear refusal', async () => {
    const ok = await t.must('sync.testConnection', {}, coord);
    expect(ok).toMatchObject({ fhirVersion: '4.0.1', locationName: 'Vaccination center' });
    expect(await t.call('sync.testConnection', { token: 'wrong' }, coord)).toMatchObject({ ok: false, error: { code: 'CENTRAL_UNAVAILABLE', details: { status: 401 } } });
    expect(await t.call('sync.testConnection', { locationId: 'nowhere' }, coord)).toMatchObject({ ok: false, error: { code: 'CENTRAL_UNAVAILABLE', details: { status: 404 } } });
    expect(await t.call('sync.testConnection', { baseUrl: 'http://127.0.0.1:9/fhir' }, coord)).toMatchObject({ ok: false, error: { code: 'CENTRAL_UNAVAILABLE', details: { kind: 'network' } } });
  });

  it('sync.run with wait returns the figures; sync.status reports them', async () => {
    const r = await t.must('sync.run', { wait: true }, rec);
    expect(r.summary).toMatchObject({ ok: true, pulled: { inserted: 40, full: true }, pushed: { pushed: 0, parked: 0 } });
    const s = await t.must('sync.status', {}, rec);
    expect(s).toMatchObject({ state: 'online', running: false, lastError: null, outbox: { pending: 0, parked: 0 } });
    expect(s.lastSuccessAt).not.toBeNull();
  });

  it('parked changes: listed, retried, discarded with an audited reason; a short reason changes nothing', async () => {
    const { store } = t.core;
    const id = store.tx(() => store.outbox.add('appointment.status', { invitationId: 'nope', status: 'arrived', at: 'x' }, '2021-03-01T09:00:00Z'));
    await t.must('sync.run', { wait: true }, rec);
    const [p] = await t.must('sync.parked', {}, coord);
    expect(p).toMatchObject({ id, kind: 'appointment.status', payload: { invitationId: 'nope' }, lastError: expect.stringMatching(/no longer exists/) });
    expect((await t.must('sync.status', {}, rec)).outbox).toEqual({ pending: 0, parked: 1 });
    expect(await t.call('sync.parked', {}, rec)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    await t.must('sync.retryParked', { id }, coord);
    expect(store.outbox.get(id)!.status).toBe('pending');
    await t.must('sync.run', { wait: true }, rec);
    expect(store.outbox.get(id)!.status).toBe('parked');

    expect(await t.call('sync.discardParked', { id, reason: 'x' }, coord)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(store.outbox.get(id)).toBeDefined();
    await t.must('sync.discardParked', { id, reason: 'test entry, never existed' }, coord);
    expect(store.outbox.get(id)).toBeUndefined();
    const [a] = await t.must('audit.list', { limit: 1 }, coord);
    expect(a).toMatchObject({ action: 'sync.discardParked', detail: { reason: 'test entry, never existed', payload: { invitationId: 'nope' } } });
    expect(await t.call('sync.discardParked', { id, reason: 'again please' }, coord)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
