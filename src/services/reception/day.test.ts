import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { addInvitation, addLot, addPerson, configureCenter } from './test-fixtures';

let t: TestApp;
let tok: string;
beforeEach(async () => {
  t = testApp();
  configureCenter(t);
  const coord = await t.setup();
  tok = await t.staffToken('receptionist', coord, 'Rita Desk');
});
afterEach(() => t?.cleanup());

/** Moves the clock; sessions idle for hours have ended, so the desk logs in again. */
async function at(iso: string) {
  t.clock.set(iso);
  const { staff } = await t.must('session.status', {});
  const rita = staff.find((s) => s.displayName === 'Rita Desk')!;
  tok = (await t.must('session.login', { staffId: rita.id, pin: '4321' })).token;
}

function fillDay() {
  const mk = (name: string, time: string, status: 'booked' | 'cancelled' = 'booked', day = '2021-03-01') =>
    addInvitation(t, addPerson(t, { familyName: name, givenName: 'A' }).id, { day, time, status });
  return { a: mk('Aerts', '09:00'), b: mk('Claes', '09:30'), c: mk('Bosmans', '10:15'), d: mk('Dewulf', '10:45', 'cancelled'), e: mk('Engels', '11:00'), other: mk('Other', '09:00', 'booked', '2021-03-02') };
}

describe('the day list and counters', () => {
  it('lists, filters and sorts the day, and counts per hour', async () => {
    const { a, b } = fillDay();
    const lot = addLot(t, { vials: 1 });
    await t.must('arrivals.checkIn', { invitationId: a.id }, tok);
    await t.must('arrivals.checkIn', { invitationId: b.id }, tok);
    await t.must('outcomes.record', { invitationId: a.id, outcome: 'vaccinated', lotId: lot }, tok);
    const names = async (filter: 'all' | 'toCome' | 'arrived' | 'vaccinated' | 'cancelled', sort: 'time' | 'name' | 'status' = 'time') =>
      (await t.must('day.list', { filter, sort }, tok)).rows.map((r) => r.familyName);
    expect(await names('all')).toEqual(['Aerts', 'Claes', 'Bosmans', 'Dewulf', 'Engels']);
    expect(await names('all', 'name')).toEqual(['Aerts', 'Bosmans', 'Claes', 'Dewulf', 'Engels']);
    expect(await names('all', 'status')).toEqual(['Bosmans', 'Engels', 'Claes', 'Aerts', 'Dewulf']);
    expect(await names('toCome')).toEqual(['Bosmans', 'Engels']);
    expect(await names('arrived')).toEqual(['Aerts', 'Claes']);
    expect(await names('vaccinated')).toEqual(['Aerts']);
    expect(await names('cancelled')).toEqual(['Dewulf']);
    const c = await t.must('day.counters', {}, tok);
    expect(c.total).toEqual({ expected: 4, arrived: 2, vaccinated: 1, stillToCome: 2, noshows: 0 });
    expect(c.hours).toEqual([
      { hour: '09:00', expected: 2, arrived: 2, vaccinated: 1, stillToCome: 0, noshows: 0 },
      { hour: '10:00', expected: 1, arrived: 0, vaccinated: 0, stillToCome: 1, noshows: 0 },
      { hour: '11:00', expected: 1, arrived: 0, vaccinated: 0, stillToCome: 1, noshows: 0 },
    ]);
    expect(await t.call('day.list', { day: '2021-02-30' }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});

describe('closing the day', () => {
  it('turns everyone never checked in into a no-show, and reopening restores exactly those', async () => {
    const { a, b, c, d, e, other } = fillDay();
    await t.must('arrivals.checkIn', { invitationId: a.id }, tok);
    await at('2021-03-01T19:00:00.000Z');
    expect(await t.must('day.close', {}, tok)).toEqual({ day: '2021-03-01', noshows: 3 });
    const status = (id: string) => t.core.store.invitations.get(id)!.status;
    expect([a, b, c, d, e, other].map((x) => status(x.id))).toEqual(['arrived', 'noshow', 'noshow', 'cancelled', 'noshow', 'booked']);
    expect(t.core.store.outbox.forResource(`appointment:${b.id}`).map((x) => JSON.parse(x.payload).status)).toEqual(['noshow']);
    expect((await t.must('day.counters', {}, tok)).total).toMatchObject({ noshows: 3, stillToCome: 0 });
    expect(await t.call('day.close', {}, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await t.call('day.close', { day: '2021-03-02' }, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    // A latecomer after closing: a guard, overridable.
    expect(await t.call('arrivals.checkIn', { invitationId: e.id }, tok)).toMatchObject({ ok: false, error: { code: 'GUARD', details: { guard: 'dayClosed' } } });

    expect(await t.must('day.reopen', { reason: 'closed too early' }, tok)).toEqual({ day: '2021-03-01', restored: 3 });
    expect([a, b, c, d, e].map((x) => status(x.id))).toEqual(['arrived', 'booked', 'booked', 'cancelled', 'booked']);
    expect(t.core.store.outbox.forResource(`appointment:${b.id}`).map((x) => JSON.parse(x.payload).status)).toEqual(['noshow', 'booked']);
  });

  it('can no longer be reopened once the next day has opened', async () => {
    const { b, other } = fillDay();
    await at('2021-03-01T19:00:00.000Z');
    await t.must('day.close', {}, tok);
    await at('2021-03-02T07:00:00.000Z');
    // Next morning, nobody checked in yet: still reversible.
    await t.must('day.reopen', { day: '2021-03-01', reason: 'forgot the evening list' }, tok);
    await t.must('day.close', { day: '2021-03-01' }, tok);
    await t.must('arrivals.checkIn', { invitationId: other.id }, tok);
    expect(await t.call('day.reopen', { day: '2021-03-01', reason: 'too late' }, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(t.core.store.invitations.get(b.id)!.status).toBe('noshow');
  });
});

describe('leftover doses', () => {
  it('shows the doses left in opened vials per lot and until when they are usable', async () => {
    const lot = addLot(t, { lotNumber: 'EP9', vials: 3, dosesPerVial: 6 });
    for (let k = 0; k < 8; k++) {
      const inv = addInvitation(t, addPerson(t, { familyName: 'V', givenName: `${k}` }).id, { day: '2021-03-01' });
      await t.must('arrivals.checkIn', { invitationId: inv.id }, tok);
      await t.must('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: lot }, tok);
      t.clock.advance(5 * 60_000);
    }
    const rows = await t.must('day.leftover', {}, tok);
    // Dose 7 opened the second vial at 09:30 UTC; it is usable for 6 hours.
    expect(rows).toEqual([
      { productCode: 'COMIRNATY', productName: 'Comirnaty', lotId: lot, lotNumber: 'EP9', openedVials: 2, dosesLeft: 4, openedAt: '2021-03-01T09:30:00.000Z', usableUntil: '2021-03-01T15:30:00.000Z', expired: false, stock: 10 },
    ]);
    expect(await t.must('day.leftover', { day: '2021-03-02' }, tok)).toEqual([]);
  });

  it('does not count a vaccination that was taken back: its dose never left the vial', async () => {
    const lot = addLot(t, { lotNumber: 'EP10', vials: 2, dosesPerVial: 6 });
    const inv = addInvitation(t, addPerson(t, { familyName: 'W', givenName: 'x' }).id, { day: '2021-03-01' });
    await t.must('arrivals.checkIn', { invitationId: inv.id }, tok);
    await t.must('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: lot }, tok);
    await t.must('outcomes.undo', { invitationId: inv.id, reason: 'wrong person clicked' }, tok);
    await t.must('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: lot }, tok);
    const [row] = await t.must('day.leftover', {}, tok);
    expect(row).toMatchObject({ lotNumber: 'EP10', openedVials: 1, dosesLeft: 5, stock: 11 });
  });
});
