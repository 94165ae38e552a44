import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';

const apps: TestApp[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.cleanup();
});
const fresh = () => {
  const t = testApp();
  apps.push(t);
  return t;
};
const firstRun = (t: TestApp, center?: { name: string; locationId?: string }) =>
  t.call('setup.createFirstCoordinator', { displayName: 'Lies Claes', pin: '246810', ...(center ? { center } : {}) });

async function pulledInvitation(t: TestApp, centerId: string) {
  const { store } = t.core;
  const at = t.clock().toISOString();
  store.tx(() => {
    store.people.insert({ id: 'p1', niss: '85073003328', familyName: 'Peeters', givenName: 'Jan', birthDate: '1985-07-30', phone: null }, at);
    store.invitations.insert(
      { id: 'i1', code: 'ABC123', personId: 'p1', centerId, day: '2021-03-01', startAt: at, endAt: at, doseNumber: 1, productCode: null, status: 'booked', channels: [], source: 'central', versionId: '1', lastUpdated: at },
      at,
    );
  });
}

describe('the center: created at first run, one source of identity', () => {
  it('a fresh data folder asks for the center, and the first coordinator creates it in the same step (audited)', async () => {
    const t = fresh();
    expect(await t.must('session.status', {})).toMatchObject({ setupRequired: true, centerRequired: true });
    const r = await firstRun(t, { name: '  Gent Expo ', locationId: 'loc-gent' });
    expect(r.ok).toBe(true);
    const token = r.ok ? r.value.token : '';
    expect(await t.must('session.status', {})).toMatchObject({ setupRequired: false, centerRequired: false });
    expect(await t.must('center.get', {}, token)).toMatchObject({ center: { id: 'loc-gent', name: 'Gent Expo' }, pulledInvitations: 0 });
    const log = await t.must('audit.list', { limit: 5 }, token);
    expect(log.map((a) => a.action)).toEqual(['center.create', 'setup.firstCoordinator']);
    expect(log[0]).toMatchObject({ actorName: 'Lies Claes', detail: { name: 'Gent Expo', id: 'loc-gent' } });
  });

  it('refuses a bad center at first run and then creates nothing, not even the coordinator', async () => {
    const t = fresh();
    for (const center of [{ name: '' }, { name: 'x'.repeat(121) }, { name: 'Gent', locationId: 'not a fhir id' }, { name: 'Gent', locationId: 'x'.repeat(65) }]) {
      expect(await firstRun(t, center)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    expect(await t.call('setup.createFirstCoordinator', { displayName: 'A', pin: '1234', center: { name: 'G', extra: 1 } as never })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(t.core.store.staff.count()).toBe(0);
    expect(t.core.store.center.get()).toBeNull();
  });

  it('two first-run screens at once: one center, one coordinator', async () => {
    const t = fresh();
    const rs = await Promise.all([firstRun(t, { name: 'A' }), firstRun(t, { name: 'B', locationId: 'b' }), firstRun(t, { name: 'C' })]);
    expect(rs.filter((r) => r.ok)).toHaveLength(1);
    expect(rs.filter((r) => !r.ok).map((r) => !r.ok && r.error.code)).toEqual(['SETUP_DONE', 'SETUP_DONE']);
    expect(t.core.store.staff.count()).toBe(1);
    expect(t.core.store.center.get()).not.toBeNull();
  });

  it('a coordinator edits the center (audited); a receptionist reads it but may not change it', async () => {
    const t = fresh();
    const coord = await t.setup();
    expect(await t.must('center.get', {}, coord)).toEqual({ center: null, pulledInvitations: 0 });
    const rec = await t.staffToken('receptionist', coord);
    expect(await t.call('center.update', { name: 'X', locationId: null }, rec)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // An existing install without a center (upgraded): Staff → Center creates it.
    expect(await t.must('center.update', { name: 'Antwerpen Spiegel', locationId: null }, coord)).toMatchObject({ id: null, name: 'Antwerpen Spiegel' });
    expect(await t.must('center.update', { name: 'Antwerpen Spiegel', locationId: 'loc-antw' }, coord)).toMatchObject({ id: 'loc-antw' });
    expect(await t.must('center.update', { name: 'Spiegel', locationId: 'loc-antw' }, coord)).toMatchObject({ id: 'loc-antw', name: 'Spiegel' });
    expect(await t.call('center.update', { name: 'Spiegel', locationId: null }, coord)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { field: 'locationId' } } });
    expect((await t.must('center.get', {}, rec)).center).toMatchObject({ id: 'loc-antw', name: 'Spiegel' });
    const log = await t.must('audit.list', { limit: 3 }, coord);
    expect(log.map((a) => [a.action, a.detail])).toEqual([
      ['center.rename', { from: 'Antwerpen Spiegel', to: 'Spiegel' }],
      ['center.setId', { from: null, to: 'loc-antw', pulledForOld: 0, adopted: 0 }],
      ['center.create', { name: 'Antwerpen Spiegel', id: null }],
    ]);
  });

  it('saving a connection gives a center without id its Location id; walk-ins recorded before become its own', async () => {
    const t = fresh();
    const r = await firstRun(t, { name: 'Gent Expo' });
    const coord = r.ok ? r.value.token : '';
    await t.must('walkins.register', { niss: '85073003328', familyName: 'Peeters', givenName: 'Jan', birthDate: '1985-07-30', reason: 'came without letter' }, coord);
    expect(t.core.store.db.prepare(`SELECT center_id FROM invitations`).pluck().all()).toEqual(['local']);
    expect((await t.must('sync.status', {}, coord)).state).toBe('unconfigured');
    await t.must('sync.setConnection', { baseUrl: 'http://127.0.0.1:9/fhir', locationId: 'loc-gent' }, coord);
    expect(t.core.store.center.id()).toBe('loc-gent');
    expect(t.core.store.db.prepare(`SELECT center_id FROM invitations`).pluck().all()).toEqual(['loc-gent']);
    expect((await t.must('sync.status', {}, coord)).state).not.toBe('unconfigured');
  });

  it('changing the Location id later is refused until confirmed, saying how many pulled invitations it leaves behind; nothing changes meanwhile', async () => {
    const t = fresh();
    const r = await firstRun(t, { name: 'Gent Expo', locationId: 'loc-gent' });
    const coord = r.ok ? r.value.token : '';
    await t.must('sync.setConnection', { baseUrl: 'http://127.0.0.1:9/fhir', locationId: 'loc-gent' }, coord);
    await pulledInvitation(t, 'loc-gent');
    expect((await t.must('center.get', {}, coord)).pulledInvitations).toBe(1);
    expect(await t.must('invitations.get', { invitationId: 'i1' }, coord)).toMatchObject({ otherCenter: false });

    const refused = await t.call('sync.setConnection', { baseUrl: 'http://127.0.0.1:9/fhir', locationId: 'loc-gent-2' }, coord);
    expect(refused).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { reason: 'centerIdChange', from: 'loc-gent', to: 'loc-gent-2', pulled: 1 } } });
    expect(!refused.ok && refused.error.message).toMatch(/1 invitation\(s\) already pulled for Location\/loc-gent/);
    expect(await t.call('center.update', { name: 'Gent Expo', locationId: 'loc-gent-2' }, coord)).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { pulled: 1 } } });
    expect(t.core.store.center.id()).toBe('loc-gent');
    expect((await t.must('sync.getConnection', {}, coord)).locationId).toBe('loc-gent');

    await t.must('center.update', { name: 'Gent Expo', locationId: 'loc-gent-2', confirmIdChange: true }, coord);
    expect(t.core.store.center.id()).toBe('loc-gent-2');
    // The connection follows the center: the pull never asks central for another Location than the center's.
    expect((await t.must('sync.getConnection', {}, coord)).locationId).toBe('loc-gent-2');
    const [a] = await t.must('audit.list', { limit: 1 }, coord);
    expect(a).toMatchObject({ action: 'center.setId', detail: { from: 'loc-gent', to: 'loc-gent-2', pulledForOld: 1 } });
    // The invitation pulled for the old Location is now another center's on reception.
    expect(await t.must('invitations.get', { invitationId: 'i1' }, coord)).toMatchObject({ centerId: 'loc-gent', otherCenter: true });

    await t.must('sync.setConnection', { baseUrl: 'http://127.0.0.1:9/fhir', locationId: 'loc-gent', confirmCenterChange: true }, coord);
    expect(t.core.store.center.id()).toBe('loc-gent');
  });
});
