import { afterEach, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { book, configureCenter } from './fixture-day';

let t: TestApp;
afterEach(() => t?.cleanup());

it("lists tomorrow's appointments per Brussels hour with masked numbers and codes, cancelled ones left out", async () => {
  t = testApp({ clockStart: '2021-10-30T15:00:00Z' }); // the day before the clocks go back
  const desk = await t.setup();
  configureCenter(t);
  const D = '2021-10-31';
  const late = book(t, { familyName: 'Zeeman', givenName: 'Zoë', day: D, time: '10:30', birthDate: '1941-02-03', code: 'PAPER00003' });
  const early = book(t, { familyName: 'Aerts', day: D, time: '09:15', doseNumber: 2, code: 'PAPER00001' });
  book(t, { familyName: 'Baert', day: D, time: '10:05', code: 'PAPER00002' });
  const gone = book(t, { familyName: 'Cancelled', day: D, time: '09:00' });
  t.core.store.db.prepare(`UPDATE invitations SET status = 'cancelled' WHERE id = ?`).run(gone.id);
  book(t, { familyName: 'OtherDay', day: '2021-11-01', time: '09:00' });

  const list = await t.must('paper.dayList', {}, desk);
  expect(list).toMatchObject({ day: D, centerName: 'Centre Heizel', total: 3, blankRowsPerHour: 4 });
  expect(list.hours.map((h) => [h.hour, h.rows.map((r) => `${r.time} ${r.familyName} ${r.code}`)])).toEqual([
    ['09:00', ['09:15 Aerts PAPER00001']],
    ['10:00', ['10:05 Baert PAPER00002', '10:30 Zeeman PAPER00003']],
  ]);
  expect(list.hours[0]!.rows[0]).toMatchObject({ doseNumber: 2, nissMasked: `••.••.••-•${early.niss.slice(7, 9)}.${early.niss.slice(9)}` });
  expect(list.hours[1]!.rows[1]).toMatchObject({ givenName: 'Zoë', birthDate: '1941-02-03' });
  expect(JSON.stringify(list)).not.toContain(late.niss);

  expect((await t.must('paper.dayList', { day: '2021-11-01', blankRowsPerHour: 0 }, desk)).total).toBe(1);
  expect(await t.call('paper.dayList', { day: '31/10/2021' }, desk)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await t.call('paper.dayList', { blankRowsPerHour: 31 }, desk)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  expect(await t.call('paper.dayList', {}, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
});
