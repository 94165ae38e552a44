import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';
import { dbFingerprint } from '../testing/fingerprint';

let t: TestApp;
afterEach(() => t?.cleanup());

describe('dispatcher: bad input gets its code and writes nothing', () => {
  it.each([
    ['unknown method', 'staff.explode', {}, 'UNKNOWN_METHOD'],
    ['prototype key as a method', '__proto__', {}, 'UNKNOWN_METHOD'],
    ['constructor as a method', 'constructor', {}, 'UNKNOWN_METHOD'],
    ['wrong type', 'staff.create', { displayName: 42, role: 'receptionist', pin: '1234' }, 'INVALID_INPUT'],
    ['extra field', 'staff.create', { displayName: 'Ann', role: 'receptionist', pin: '1234', admin: true }, 'INVALID_INPUT'],
    ['string over its limit', 'staff.create', { displayName: 'x'.repeat(81), role: 'receptionist', pin: '1234' }, 'INVALID_INPUT'],
    ['unknown role value', 'staff.create', { displayName: 'Ann', role: 'root', pin: '1234' }, 'INVALID_INPUT'],
    ['PIN with letters', 'staff.create', { displayName: 'Ann', role: 'receptionist', pin: '12ab' }, 'INVALID_INPUT'],
    ['not an object', 'staff.create', 'drop table staff', 'INVALID_INPUT'],
    ['body over 1 MB', 'staff.create', { displayName: 'x'.repeat(1_100_000), role: 'receptionist', pin: '1234' }, 'PAYLOAD_TOO_LARGE'],
  ] as const)('%s', async (_label, method, input, code) => {
    t = testApp();
    const token = await t.setup();
    const before = dbFingerprint(t.core.store.db);
    const r = await t.dispatch(method, input, token);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe(code);
      expect(r.error.message.length).toBeGreaterThan(5);
    }
    expect(dbFingerprint(t.core.store.db)).toBe(before);
  });

  it('refuses a missing, unknown or expired session, and a wrong role', async () => {
    t = testApp();
    const coord = await t.setup();
    const input = { displayName: 'Ann', role: 'receptionist', pin: '1234' };
    const recep = await t.staffToken('receptionist', coord, 'Rita');
    const before = dbFingerprint(t.core.store.db);
    expect(await t.dispatch('staff.create', input, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await t.dispatch('staff.create', input, 'not-a-token')).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(await t.dispatch('staff.create', input, recep)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    t.clock.advance(16 * 60_000); // past the default 15-minute idle lock
    expect(await t.dispatch('staff.create', input, coord)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(dbFingerprint(t.core.store.db)).toBe(before);
  });

  it('announces the change kinds of a successful call, and none for a refused one', async () => {
    t = testApp();
    const seen: string[] = [];
    t.core.events.subscribe((e) => seen.push(e.kind));
    const coord = await t.setup();
    expect(seen).toEqual(['staff']);
    await t.dispatch('staff.create', { displayName: 'x'.repeat(100), role: 'receptionist', pin: '1234' }, coord);
    expect(seen).toEqual(['staff']);
    await t.must('staff.create', { displayName: 'Ann', role: 'receptionist', pin: '1234' }, coord);
    expect(seen).toEqual(['staff', 'staff']);
  });

  it('turns an unexpected failure into INTERNAL without leaking its message', async () => {
    t = testApp();
    const coord = await t.setup();
    t.core.store.db.exec('DROP TABLE settings');
    const r = await t.dispatch('settings.updateSecurity', { idleLockMinutes: 10 }, coord);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    if (!r.ok) expect(r.error.message).not.toMatch(/settings|SQL/i);
  });
});
