import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';
import { dbFingerprint } from '../testing/fingerprint';

let t: TestApp;
afterEach(() => t?.cleanup());

const person = (niss: string, priorityGroup: '65plus' | 'everyone' | 'care-home', familyName = 'Peeters') => ({
  niss,
  familyName,
  givenName: 'Jan',
  phone: '+32 470 12 34 56',
  priorityGroup,
});

describe('standby list', () => {
  it('adds people once per national number, ranks them and masks their number', async () => {
    t = testApp({ clockStart: '2021-04-12T08:00:00Z' });
    const coord = await t.setup();
    await t.must('standby.add', person('85073003328', 'everyone'), coord);
    t.clock.advance(60_000);
    await t.must('standby.add', person('17073003384', '65plus', 'Dupont'), coord);
    t.clock.advance(60_000);
    const again = await t.must('standby.add', person('85.07.30-033.28', 'care-home'), coord);
    const list = await t.must('standby.list', {}, coord);
    expect(list).toHaveLength(2);
    expect(list.map((e) => e.id)).toEqual([again.id, list[1]!.id]);
    expect(list[0]).toMatchObject({ priorityGroup: 'care-home', nissMasked: '••.••.••-•33.28' });
    expect(JSON.stringify(list)).not.toContain('85073003328');
  });

  it('refuses a national number with a typo and writes nothing', async () => {
    t = testApp();
    const coord = await t.setup();
    const before = dbFingerprint(t.core.store.db);
    expect(await t.call('standby.add', person('85073003329', 'everyone'), coord)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/typo/) } });
    expect(await t.call('standby.add', { ...person('85073003328', 'everyone'), phone: '<script>' }, coord)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(dbFingerprint(t.core.store.db)).toBe(before);
  });

  it('proposes whom to call, records answers and audits them; only coordinators call', async () => {
    t = testApp({ clockStart: '2021-04-12T14:00:00Z' });
    const coord = await t.setup();
    const recep = await t.staffToken('receptionist', coord);
    const a = await t.must('standby.add', person('85073003328', '65plus'), recep);
    const b = await t.must('standby.add', person('17073003384', 'everyone', 'Dupont'), recep);
    expect(await t.call('standby.nextToCall', { doses: 1 }, recep)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect((await t.must('standby.nextToCall', { doses: 1 }, coord)).map((e) => e.id)).toEqual([a.id, b.id]);
    await t.must('standby.recordCall', { id: a.id, result: 'declined' }, coord);
    expect((await t.must('standby.nextToCall', { doses: 1 }, coord)).map((e) => e.id)).toEqual([b.id, a.id]);
    const accepted = await t.must('standby.recordCall', { id: b.id, result: 'accepted' }, coord);
    expect(accepted).toMatchObject({ status: 'accepted', calls: 1, lastResult: 'accepted' });
    expect(await t.call('standby.recordCall', { id: b.id, result: 'declined' }, coord)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const audits = (await t.must('audit.list', { limit: 10 }, coord)).map((r) => r.action);
    expect(audits.filter((x) => x === 'standby.call')).toHaveLength(2);
  });
});
