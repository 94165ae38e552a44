import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { dbFingerprint } from '../../testing/fingerprint';
import { useHourCapacity } from './capacity';
import { at, book, configureCenter, lot, staffLogin } from './fixture-day';

let t: TestApp;
beforeEach(() => useHourCapacity((_s, day) => (day === '2021-04-12' ? { 9: 4, 10: 4 } : null)));
afterEach(() => {
  useHourCapacity(() => null);
  t?.cleanup();
});

const D = '2021-04-12'; // a Monday, Brussels summer time (UTC+2)

/**
 * The fixture day, counted by hand (capacity 4 at 09h and 4 at 10h):
 *  a1 09:00 in 09:02, vaccinated L1 (dose 1)        a2 09:20 (dose 2) in 09:21, vaccinated L1
 *  a3 09:40 never came (no-show at closing)         a4 10:00 in 10:01, refused
 *  a5 10:15 in 10:16, deferred                      a6 booked for TOMORROW, let in 10:20 with an override, vaccinated V9
 *  a7 10:30 never came (no-show)                    a8 10:45 on paper: arrived 10:44, left (entered at 17:00)
 *  w1 live walk-in 10:50, vaccinated L1             w2 paper walk-in 11:10, vaccinated L1 (entered at 17:00)
 *  waste at closing: 2 doses of L1, 3 of V9.       Tuesday: b1 09:00 in 09:03, vaccinated L1.
 */
async function fixtureDay() {
  t = testApp({ clockStart: '2021-04-12T05:00:00Z' });
  const first = await t.setup();
  await t.must('settings.updateSecurity', { idleLockMinutes: 240 }, first);
  const asCoord = await staffLogin(t, first, 'coordinator', 'Coco Ordinator');
  const asDesk = await staffLogin(t, first, 'receptionist', 'Desk One');
  const asPaper = await staffLogin(t, first, 'receptionist', 'Paper Clerk');
  let desk = await asDesk();
  configureCenter(t);
  const L1 = lot(t, 'COMIRNATY', 'L1', 3, 6);
  const V9 = lot(t, 'VAXZEVRIA', 'V9', 1, 10);
  const a = {
    a1: book(t, { familyName: 'Peeters', day: D, time: '09:00' }),
    a2: book(t, { familyName: 'Janssens', day: D, time: '09:20', doseNumber: 2 }),
    a3: book(t, { familyName: 'Maes', day: D, time: '09:40' }),
    a4: book(t, { familyName: 'Jacobs', day: D, time: '10:00' }),
    a5: book(t, { familyName: 'Mertens', day: D, time: '10:15' }),
    a6: book(t, { familyName: 'Willems', day: '2021-04-13', time: '11:00' }),
    a7: book(t, { familyName: 'Claes', day: D, time: '10:30' }),
    a8: book(t, { familyName: 'Goossens', day: D, time: '10:45' }),
    b1: book(t, { familyName: 'Wouters', day: '2021-04-13', time: '09:00' }),
  };
  const checkIn = (id: string, override?: { guards: ['otherDay']; reason: string }) => t.must('arrivals.checkIn', { invitationId: id, ...(override ? { override } : {}) }, desk);
  const outcome = (id: string, o: 'vaccinated' | 'refused' | 'deferred', lotId?: string) =>
    t.must('outcomes.record', { invitationId: id, outcome: o, ...(lotId ? { lotId } : {}) }, desk);

  at(t, D, '09:02'); desk = await asDesk(); await checkIn(a.a1.id);
  at(t, D, '09:05'); await outcome(a.a1.id, 'vaccinated', L1);
  at(t, D, '09:21'); await checkIn(a.a2.id);
  at(t, D, '09:25'); await outcome(a.a2.id, 'vaccinated', L1);
  at(t, D, '10:01'); await checkIn(a.a4.id); await outcome(a.a4.id, 'refused');
  at(t, D, '10:16'); await checkIn(a.a5.id); await outcome(a.a5.id, 'deferred');
  at(t, D, '10:20'); await checkIn(a.a6.id, { guards: ['otherDay'], reason: 'Letter had the wrong date' });
  // Booked for Comirnaty, given Vaxzevria: only through the vaccine guard's override.
  at(t, D, '10:22'); await t.must('outcomes.record', { invitationId: a.a6.id, outcome: 'vaccinated', lotId: V9, override: { guards: ['product'], reason: 'Doctor chose Vaxzevria' } }, desk);
  at(t, D, '10:50');
  const w1 = await t.must('walkins.register', { niss: '85073003328', familyName: 'Dubois', givenName: 'Marc', birthDate: '1985-07-30', reason: 'Lost the letter' }, desk);
  at(t, D, '10:52'); await outcome(w1.hit.invitationId, 'vaccinated', L1);
  // The PC failed late in the morning: the rest was written on paper and typed in at 17:00.
  at(t, D, '17:00');
  const paper = await asPaper();
  await t.must('bulk.record', { invitationId: a.a8.id, day: D, time: '10:44', action: 'arrived' }, paper);
  await t.must('bulk.record', { invitationId: a.a8.id, day: D, time: '10:58', action: 'left' }, paper);
  await t.must('bulk.walkin', { day: D, time: '11:10', niss: '17073003384', familyName: 'Lambert', givenName: 'Lea', birthDate: '2017-07-30', reason: 'Paper walk-in', vaccinatedLotId: L1 }, paper);
  at(t, D, '17:30');
  const coord = await asCoord();
  desk = await asDesk();
  await t.must('reports.recordWaste', { lotId: L1, doses: 2, reason: 'Vial opened at 16:00, not used in time' }, coord);
  await t.must('reports.recordWaste', { lotId: V9, doses: 3, reason: 'End of day' }, coord);
  await t.must('day.close', { day: D }, desk);
  at(t, '2021-04-13', '09:03'); desk = await asDesk(); await checkIn(a.b1.id);
  await outcome(a.b1.id, 'vaccinated', L1);
  return { coord: await asCoord(), desk, paper: await asPaper(), L1, V9, a };
}

describe('day report from the database', () => {
  it('counts the fixture day as done by hand', async () => {
    const { coord } = await fixtureDay();
    const r = await t.must('reports.day', { day: D }, coord);
    expect(r.totals).toEqual({
      expected: 7, arrived: 8, vaccinated: 5, refused: 1, deferred: 1, left: 1, noShows: 2, walkIns: 2, overrides: 1, enteredLate: 2, wastedDoses: 5, capacity: 8,
    });
    expect(r.vaccinations).toEqual([
      { productCode: 'COMIRNATY', lotNumber: 'L1', doseNumber: 1, count: 3 },
      { productCode: 'COMIRNATY', lotNumber: 'L1', doseNumber: 2, count: 1 },
      { productCode: 'VAXZEVRIA', lotNumber: 'V9', doseNumber: 1, count: 1 },
    ]);
    expect(r.overrides).toEqual([{ guard: 'otherDay', reason: 'Letter had the wrong date', count: 1 }]);
    expect(r.waste).toEqual([
      { productCode: 'COMIRNATY', lotNumber: 'L1', doses: 2 },
      { productCode: 'VAXZEVRIA', lotNumber: 'V9', doses: 3 },
    ]);
    expect(r.hours).toEqual([
      { hour: 9, capacity: 4, expected: 3, arrived: 2, vaccinated: 2, noShows: 1 },
      { hour: 10, capacity: 4, expected: 4, arrived: 5, vaccinated: 2, noShows: 1 },
      { hour: 11, capacity: 0, expected: 0, arrived: 1, vaccinated: 1, noShows: 0 },
    ]);
    expect(r.capacityKnown).toBe(true);
    expect(r.closed?.by).toBe('Desk One');
  });

  it('shows the week Monday to Sunday, the same figures per day, and totals', async () => {
    const { coord } = await fixtureDay();
    const w = await t.must('reports.week', { day: '2021-04-15' }, coord);
    expect([w.from, w.to]).toEqual(['2021-04-12', '2021-04-18']);
    expect(w.days.map((d) => d.date)).toEqual(['2021-04-12', '2021-04-13', '2021-04-14', '2021-04-15', '2021-04-16', '2021-04-17', '2021-04-18']);
    const monday = await t.must('reports.day', { day: D }, coord);
    expect(w.days[0]!.totals).toEqual(monday.totals);
    // Tuesday: a6 (booked then, already vaccinated on Monday) and b1, who came and was vaccinated.
    expect(w.days[1]!.totals).toMatchObject({ expected: 2, arrived: 1, vaccinated: 1, noShows: 0, walkIns: 0, capacity: 0 });
    expect(w.days[1]!.hours).toEqual([
      { hour: 9, capacity: 0, expected: 1, arrived: 1, vaccinated: 1, noShows: 0 },
      { hour: 11, capacity: 0, expected: 1, arrived: 0, vaccinated: 0, noShows: 0 },
    ]);
    expect(w.totals).toMatchObject({ expected: 9, arrived: 9, vaccinated: 6, noShows: 2, walkIns: 2, wastedDoses: 5, capacity: 8 });
    expect(w.vaccinations).toContainEqual({ productCode: 'COMIRNATY', lotNumber: 'L1', doseNumber: 1, count: 4 });
    for (const d of w.days.slice(2)) expect(d.totals.expected + d.totals.arrived).toBe(0);
  });

  it('exports the day as CSV with neutralised cells, and the week', async () => {
    const { coord, desk } = await fixtureDay();
    // An override reason typed by a person is text, never a formula, in the spreadsheet.
    const evil = book(t, { familyName: 'Evil', day: '2021-04-14', time: '09:00' });
    at(t, '2021-04-13', '09:30');
    await t.must('arrivals.checkIn', { invitationId: evil.id, override: { guards: ['otherDay'], reason: '=HYPERLINK("http://x.test","click")' } }, desk);
    const day = await t.must('reports.exportCsv', { day: '2021-04-13' }, coord);
    expect(day.filename).toBe('vaxdesk-report-2021-04-13.csv');
    expect(day.csv.startsWith('\uFEFFsection,item')).toBe(true);
    expect(day.csv).toContain(`overrides,otherDay,"'=HYPERLINK(""http://x.test"",""click"")",,1`);
    expect(day.csv).not.toMatch(/(^|,)=HYPERLINK/m);
    const monday = await t.must('reports.exportCsv', { day: D }, coord);
    expect(monday.csv).toContain('total,vaccinated,,,5\r\n');
    expect(monday.csv).toContain('vaccinations,COMIRNATY,L1,dose 1,3\r\n');
    expect(monday.csv).toContain('10:00,4,4,5,2,1\r\n');
    const week = await t.must('reports.exportCsv', { day: D, scope: 'week' }, coord);
    expect(week.filename).toBe('vaxdesk-week-2021-04-12.csv');
    expect(week.csv.split('\r\n')[1]).toBe('2021-04-12,7,8,5,1,1,1,2,2,1,2,5,8');
  });

  it('reports an empty day as zeros and says when no capacity was published', async () => {
    t = testApp({ clockStart: '2021-04-20T08:00:00Z' });
    const coord = await t.setup();
    const r = await t.must('reports.day', {}, coord);
    expect(r.date).toBe('2021-04-20');
    expect(r.capacityKnown).toBe(false);
    expect(r.totals.expected + r.totals.arrived + r.totals.capacity).toBe(0);
    expect(r.hours).toEqual([]);
  });

  it('refuses bad input and receptionists, and records waste only within the stock', async () => {
    t = testApp({ clockStart: '2021-04-12T15:00:00Z' });
    const coord = await t.setup();
    const desk = await t.staffToken('receptionist', coord);
    const L = lot(t, 'SPIKEVAX', 'S1', 1, 10);
    const before = dbFingerprint(t.core.store.db);
    expect(await t.call('reports.day', { day: '2021-02-30' }, coord)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('reports.day', { day: D }, desk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call('reports.recordWaste', { lotId: L, doses: 11, reason: 'too many' }, coord)).toMatchObject({ ok: false, error: { code: 'STOCK' } });
    expect(await t.call('reports.recordWaste', { lotId: 'nope', doses: 1, reason: 'unknown' }, coord)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.call('reports.recordWaste', { lotId: L, doses: 0, reason: 'zero' }, coord)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('reports.recordWaste', { lotId: L, doses: 1, reason: '' }, coord)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('reports.recordWaste', { lotId: L, doses: 1, reason: 'x'.repeat(501) }, coord)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('reports.recordWaste', { lotId: L, doses: 1, reason: 'fine', extra: 1 } as never, coord)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('reports.recordWaste', { lotId: L, doses: 1, reason: 'fine' }, desk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(dbFingerprint(t.core.store.db)).toBe(before);
    expect(await t.must('reports.recordWaste', { lotId: L, doses: 10, reason: 'Fridge failure' }, coord)).toMatchObject({ balance: 0, lotNumber: 'S1' });
    expect((await t.must('audit.list', { limit: 5 }, coord))[0]).toMatchObject({ action: 'stock.waste', detail: { doses: 10, reason: 'Fridge failure' } });
  });
});
