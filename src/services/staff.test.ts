import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';

let t: TestApp;
afterEach(() => t?.cleanup());

describe('staff and sessions', () => {
  it('creates the first coordinator only on a fresh data folder', async () => {
    t = testApp();
    expect((await t.must('session.status', {})).setupRequired).toBe(true);
    const token = await t.setup();
    expect(await t.must('session.me', {}, token)).toMatchObject({ role: 'coordinator', displayName: 'Test Coordinator', locale: 'nl' });
    expect((await t.must('session.status', {})).setupRequired).toBe(false);
    expect(await t.call('setup.createFirstCoordinator', { displayName: 'Intruder', pin: '9999' })).toMatchObject({ ok: false, error: { code: 'SETUP_DONE' } });
  });

  it('stores PINs with a slow salted hash, never in clear', async () => {
    t = testApp();
    await t.setup();
    const [s] = t.core.store.staff.list();
    expect(s!.pinHash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(s!.pinHash).not.toContain('1234');
  });

  it('locks an account for five minutes after five wrong PINs, and says how many tries are left', async () => {
    t = testApp();
    const coord = await t.setup();
    const r = await t.must('staff.create', { displayName: 'Rita', role: 'receptionist', pin: '2468' }, coord);
    for (let i = 1; i <= 4; i++) {
      expect(await t.call('session.login', { staffId: r.id, pin: '0000' })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN', details: { attemptsLeft: 5 - i } } });
    }
    expect(await t.call('session.login', { staffId: r.id, pin: '0000' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    // Even the right PIN is refused while locked.
    expect(await t.call('session.login', { staffId: r.id, pin: '2468' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    t.clock.advance(5 * 60_000 + 1000);
    expect(await t.call('session.login', { staffId: r.id, pin: '2468' })).toMatchObject({ ok: true });
  });

  it('lets a coordinator deactivate, reactivate and reset staff; a deactivated member is logged out', async () => {
    t = testApp();
    const coord = await t.setup();
    const r = await t.must('staff.create', { displayName: 'Rita', role: 'receptionist', pin: '2468' }, coord);
    const rita = (await t.must('session.login', { staffId: r.id, pin: '2468' })).token;
    await t.must('staff.setActive', { staffId: r.id, active: false }, coord);
    expect(await t.call('session.me', {}, rita)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await t.call('session.login', { staffId: r.id, pin: '2468' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await t.must('staff.setActive', { staffId: r.id, active: true }, coord);
    await t.must('staff.resetPin', { staffId: r.id, pin: '1357' }, coord);
    expect(await t.call('session.login', { staffId: r.id, pin: '2468' })).toMatchObject({ ok: false, error: { code: 'WRONG_PIN' } });
    expect(await t.call('session.login', { staffId: r.id, pin: '1357' })).toMatchObject({ ok: true });
  });

  it('never deactivates the last coordinator, and refuses duplicate names', async () => {
    t = testApp();
    const coord = await t.setup();
    const me = await t.must('session.me', {}, coord);
    expect(await t.call('staff.setActive', { staffId: me.staffId, active: false }, coord)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await t.call('staff.create', { displayName: 'test coordinator', role: 'receptionist', pin: '1111' }, coord)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('remembers the language per staff member', async () => {
    t = testApp();
    const coord = await t.setup();
    await t.must('session.setLocale', { locale: 'fr' }, coord);
    const me = await t.must('session.me', {}, coord);
    expect(t.core.store.staff.get(me.staffId)!.locale).toBe('fr');
    const again = await t.must('session.login', { staffId: me.staffId, pin: '1234' });
    expect(again.me.locale).toBe('fr');
  });

  it('writes exactly one audit row per change, chained to the previous one', async () => {
    t = testApp();
    const { audit } = t.core.store;
    const coord = await t.setup();
    const count = () => audit.count();
    let n = count();
    expect(n).toBe(1);
    const steps: [string, () => Promise<unknown>][] = [
      ['staff.create', async () => t.must('staff.create', { displayName: 'Rita', role: 'receptionist', pin: '2468' }, coord)],
      ['staff.setLocale', async () => t.must('session.setLocale', { locale: 'en' }, coord)],
      ['settings.updateSecurity', async () => t.must('settings.updateSecurity', { idleLockMinutes: 30 }, coord)],
    ];
    for (const [action, run] of steps) {
      await run();
      expect(count()).toBe(n + 1);
      n++;
      const [last] = audit.recent(Number.MAX_SAFE_INTEGER, 1);
      expect(last).toMatchObject({ action, actorName: 'Test Coordinator' });
    }
    const rows = [...audit.iterate()];
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prevHash).toBe(rows[i - 1]!.hash);
    const list = await t.must('audit.list', { limit: 2 }, coord);
    expect(list.map((r) => r.action)).toEqual(['settings.updateSecurity', 'staff.setLocale']);
  });
});
