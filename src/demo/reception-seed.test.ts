import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';
import { seedDemo } from './seed';
import './seeders';

let t: TestApp;
afterEach(() => t?.cleanup());

describe('reception demo data', () => {
  it("puts 'Van den Bossche', 'Müller' and 'Dupont' on today's list, someone tomorrow, and stock to vaccinate from", async () => {
    t = testApp({ clockStart: '2021-04-12T07:00:00.000Z' });
    await seedDemo(t, { invitations: 40 });
    const { token } = await t.must('session.login', { staffId: (await t.must('session.status', {})).staff.find((s) => s.displayName === 'Sofie Janssens')!.id, pin: '3333' });
    for (const q of ['bossche', 'muller', 'dupont j']) {
      const r = await t.must('invitations.search', { query: q }, token);
      expect(r.hits.some((h) => h.day === '2021-04-12'), q).toBe(true);
    }
    expect((await t.must('invitations.search', { query: 'DEMO2TOMOR05' }, token)).hits[0]).toMatchObject({ day: '2021-04-13', familyName: 'Lejeune' });
    const opts = await t.must('desk.options', {}, token);
    expect(opts.lots.filter((l) => l.usable).length).toBeGreaterThanOrEqual(1);
  });
});
