import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, METHOD_NAMES, type MethodName } from './contract';
import { testApp, type TestApp } from '../testing/harness';
import { dbFingerprint } from '../testing/fingerprint';

/**
 * Complements the access-control block of fuzz.test.ts (none / forged / expired / wrong role):
 * the public surface is pinned, the idle limit is tested at its edge with one fresh session per
 * method, almost-right tokens are refused, and the PIN lock-out runs end to end. The role check
 * runs before input validation, so `{}` is enough to reach it.
 */
let t: TestApp;
let coord: string;
beforeAll(async () => {
  t = testApp({ clockStart: '2021-04-12T08:00:00.000Z' });
  coord = await t.setup();
  await t.must('settings.updateSecurity', { idleLockMinutes: 10 }, coord);
});
afterAll(() => t?.cleanup());

const guarded = METHOD_NAMES.filter((m) => contract[m].role !== 'public');

describe('access control over every method', () => {
  it('only the login screen, first set-up, database health and the hub banner are public (a new public method must be added here on purpose)', () => {
    // hub.probe and hub.join are a desk's first start (refused once the desk has staff); hub.status is the banner on the login screen.
    const PUBLIC = ['health.restoreLatest', 'health.status', 'session.login', 'session.status', 'setup.createFirstCoordinator', 'hub.status', 'hub.probe', 'hub.join'];
    expect(METHOD_NAMES.filter((m) => contract[m].role === 'public').sort()).toEqual(PUBLIC.sort());
    expect(guarded.length + PUBLIC.length).toBe(METHOD_NAMES.length);
  });

  it(`every guarded method refuses an overlong or almost-right token (${guarded.length} methods)`, async () => {
    const before = dbFingerprint(t.core.store.db);
    for (const m of guarded) {
      for (const tok of ['', `${coord}x`, coord.slice(0, -1), 'x'.repeat(500)]) {
        expect(await t.dispatch(m, {}, tok), m).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      }
    }
    expect(dbFingerprint(t.core.store.db)).toBe(before);
  });

  it('every guarded method refuses a session idle longer than the coordinator set, and accepts one just inside it', async () => {
    const me = t.core.sessions.touch(coord)!;
    const mk = (role: 'receptionist' | 'coordinator') => t.core.sessions.create({ staffId: me.staffId, displayName: me.displayName, role, locale: 'nl', deskId: 'desk-1' }).token;
    // One fresh session per method, so each method meets an expired session on its first touch.
    const fresh = new Map<MethodName, string>(guarded.map((m) => [m, mk('coordinator')]));
    const inside = mk('coordinator');
    t.clock.advance(10 * 60_000 - 1000);
    expect(await t.dispatch('session.me', {}, inside)).toMatchObject({ ok: true });
    t.clock.advance(2000 + 10 * 60_000);
    const before = dbFingerprint(t.core.store.db);
    for (const m of guarded) {
      expect(await t.dispatch(m, {}, fresh.get(m)!), m).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    }
    expect(dbFingerprint(t.core.store.db)).toBe(before);
    coord = (await t.must('session.login', { staffId: me.staffId, pin: '1234' })).token;
  });

  it('five wrong PINs lock the account for five minutes, even against the right PIN; then it opens again', async () => {
    const s = await t.must('staff.create', { displayName: 'Karim', role: 'receptionist', pin: '5555' }, coord);
    for (let i = 1; i <= 4; i++) {
      expect(await t.call('session.login', { staffId: s.id, pin: '0000' })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN', details: { attemptsLeft: 5 - i } } });
    }
    expect(await t.call('session.login', { staffId: s.id, pin: '0000' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    expect(await t.call('session.login', { staffId: s.id, pin: '5555' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    t.clock.advance(4 * 60_000);
    expect(await t.call('session.login', { staffId: s.id, pin: '5555' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    t.clock.advance(60_000 + 1000);
    expect(await t.call('session.login', { staffId: s.id, pin: '5555' })).toMatchObject({ ok: true });
    const actions = t.core.store.audit.recent(1e9, 10).map((r) => r.action);
    expect(actions).toContain('session.locked');
  });
});
