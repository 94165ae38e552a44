import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { addInvitation, addPerson, configureCenter } from './test-fixtures';

let apps: TestApp[] = [];
afterEach(() => {
  for (const a of apps.slice(1)) a.close();
  apps[0]?.cleanup();
  apps = [];
});

async function loginAs(t: TestApp, coordToken: string, name: string, deskId: string) {
  const s = await t.must('staff.create', { displayName: name, role: 'receptionist', pin: '4321' }, coordToken);
  return { staffId: s.id, token: (await t.must('session.login', { staffId: s.id, pin: '4321', deskId })).token };
}

describe('two check-ins of the same invitation at the same moment', () => {
  it('through two dispatchers on two connections to the same file: one arrival, one ALREADY_CHECKED_IN', async () => {
    const a = testApp();
    apps.push(a);
    configureCenter(a);
    const coord = await a.setup();
    const rita = await loginAs(a, coord, 'Rita', 'desk-1');
    const bart = await loginAs(a, coord, 'Bart', 'desk-2');
    // A second app (its own connection, sessions and dispatcher) over the same database file.
    const b = testApp({ dir: a.dir });
    apps.push(b);
    const bartOnB = (await b.must('session.login', { staffId: bart.staffId, pin: '4321', deskId: 'desk-2' })).token;

    for (let round = 0; round < 20; round++) {
      const inv = addInvitation(a, addPerson(a, { familyName: 'Race', givenName: `R${round}` }).id, { day: '2021-03-01' });
      const [r1, r2] = await Promise.all([
        a.call('arrivals.checkIn', { invitationId: inv.id }, rita.token),
        b.call('arrivals.checkIn', { invitationId: inv.id }, bartOnB),
      ]);
      const results = [r1, r2];
      expect(results.filter((r) => r.ok)).toHaveLength(1);
      const loser = results.find((r) => !r.ok)!;
      expect(loser).toMatchObject({ ok: false, error: { code: 'ALREADY_CHECKED_IN', details: { at: expect.any(String), deskId: expect.stringMatching(/^desk-[12]$/), staffName: expect.stringMatching(/^(Rita|Bart)$/) } } });
      const rows = a.core.store.db.prepare(`SELECT count(*) AS n FROM arrivals WHERE invitation_id = ?`).get(inv.id) as { n: number };
      expect(rows.n).toBe(1);
      expect(a.core.store.outbox.forResource(`appointment:${inv.id}`)).toHaveLength(1);
    }
    void bart;
  });

  it('through the same dispatcher from two sessions: one arrival, one ALREADY_CHECKED_IN', async () => {
    const a = testApp();
    apps.push(a);
    configureCenter(a);
    const coord = await a.setup();
    const rita = await loginAs(a, coord, 'Rita', 'desk-1');
    const bart = await loginAs(a, coord, 'Bart', 'desk-2');
    const inv = addInvitation(a, addPerson(a, { familyName: 'Race', givenName: 'Same' }).id, { day: '2021-03-01' });
    const results = await Promise.all([
      a.call('arrivals.checkIn', { invitationId: inv.id }, rita.token),
      a.call('arrivals.checkIn', { invitationId: inv.id }, bart.token),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['ALREADY_CHECKED_IN', 'ok']);
    expect(results[1]).toMatchObject({ ok: false, error: { details: { deskId: 'desk-1', staffName: 'Rita' } } });
  });
});
