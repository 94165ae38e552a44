import { afterEach, describe, expect, it } from 'vitest';
import { PinGuard } from './pin-guard';
import { testApp, type TestApp } from '../testing/harness';
import { MAX_PIN_ATTEMPTS } from './staff';

let t: TestApp;
afterEach(() => t?.cleanup());

describe('PinGuard', () => {
  it('lets a burst through, then one check per refill interval', () => {
    let ms = 0;
    const g = new PinGuard({ burst: 3, perSecond: 2 }, () => ms);
    expect([g.take(), g.take(), g.take(), g.take()]).toEqual([true, true, true, false]);
    ms += 499;
    expect(g.take()).toBe(false);
    ms += 2;
    expect(g.take()).toBe(true);
    ms += 60_000;
    expect([g.take(), g.take(), g.take(), g.take()]).toEqual([true, true, true, false]);
  });

  it('runs the attempts on one account one after the other, even when one fails', async () => {
    const g = new PinGuard();
    const order: string[] = [];
    const step = (name: string, fail = false) =>
      g.serial('a', async () => {
        order.push(`${name}:start`);
        await new Promise((r) => setImmediate(r));
        order.push(`${name}:end`);
        if (fail) throw new Error(name);
        return name;
      });
    const all = await Promise.allSettled([step('1'), step('2', true), step('3')]);
    expect(all.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(order).toEqual(['1:start', '1:end', '2:start', '2:end', '3:start', '3:end']);
  });
});

describe('login attempts', () => {
  it('are refused as RATE_LIMITED past the global budget, across accounts, without counting', async () => {
    t = testApp();
    const coord = await t.setup();
    const a = await t.must('staff.create', { displayName: 'Ann Peeters', role: 'receptionist', pin: '2468' }, coord);
    const b = await t.must('staff.create', { displayName: 'Bert Claes', role: 'receptionist', pin: '2468' }, coord);
    // Drain the global budget (the harness' guard uses the production default).
    while (t.core.pinGuard.take());
    for (const id of [a.id, b.id]) {
      expect(await t.call('session.login', { staffId: id, pin: '2468' })).toMatchObject({ ok: false, error: { code: 'RATE_LIMITED' } });
      expect(t.core.store.staff.get(id)!.failedAttempts).toBe(0);
    }
  });

  it('keep the count when the lock starts: after the lock, one wrong PIN locks again at once', async () => {
    t = testApp();
    const coord = await t.setup();
    const r = await t.must('staff.create', { displayName: 'Rita Janssens', role: 'receptionist', pin: '2468' }, coord);
    for (let i = 0; i < MAX_PIN_ATTEMPTS; i++) await t.call('session.login', { staffId: r.id, pin: '0000' });
    expect(t.core.store.staff.get(r.id)!.failedAttempts).toBe(MAX_PIN_ATTEMPTS);
    t.clock.advance(5 * 60_000 + 1000);
    expect(await t.call('session.login', { staffId: r.id, pin: '0000' })).toMatchObject({ ok: false, error: { code: 'ACCOUNT_LOCKED' } });
    t.clock.advance(5 * 60_000 + 1000);
    expect(await t.call('session.login', { staffId: r.id, pin: '2468' })).toMatchObject({ ok: true });
    expect(t.core.store.staff.get(r.id)!.failedAttempts).toBe(0);
  });

  it('are counted before the PIN is checked: an attempt cut off during the check still counts', async () => {
    t = testApp();
    const coord = await t.setup();
    const r = await t.must('staff.create', { displayName: 'Rita Janssens', role: 'receptionist', pin: '2468' }, coord);
    const pending = t.call('session.login', { staffId: r.id, pin: '0000' });
    // Read while scrypt runs: the row already holds the attempt.
    await new Promise((res) => setImmediate(res));
    expect(t.core.store.staff.get(r.id)!.failedAttempts).toBe(1);
    await pending;
  });
});
