import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { dbFingerprint } from '../../testing/fingerprint';
import { makeNiss } from '../../domain/niss';
import { addInvitation, addPerson, configureCenter } from '../reception/test-fixtures';

/**
 * Reception's "day at capacity" guard reads planning's figures: whether the plan opens the day,
 * what the latest published version offers, who is booked. Exercised end to end through the
 * dispatcher: a walk-in (who adds a person to the day) on a day without a plan, a closed day,
 * and a day whose published capacity is taken.
 */
const TODAY = '2021-03-01';
let t: TestApp;
let coord: string;
let desk: string;
beforeEach(async () => {
  t = testApp({ clockStart: `${TODAY}T09:00:00.000Z` });
  configureCenter(t);
  coord = await t.setup();
  desk = await t.staffToken('receptionist', coord, 'Rita Desk');
});
afterEach(() => t.cleanup());

let n = 500;
const walkin = (override?: { guards: ['capacity']; reason: string }) =>
  t.call(
    'walkins.register',
    { niss: makeNiss('1961-04-12', n++), familyName: 'Claes', givenName: 'Mia', birthDate: '1961-04-12', reason: 'leftover dose from the standby list', productCode: 'COMIRNATY', ...(override ? { override } : {}) },
    desk,
  );
const bookToday = (count: number) => {
  for (let i = 0; i < count; i++) addInvitation(t, addPerson(t, { familyName: `Booked${i}`, givenName: 'X' }).id, { day: TODAY, productCode: 'COMIRNATY' });
};
const receiveComirnaty = (vials: number) =>
  t.must('deliveries.receive', { productCode: 'COMIRNATY', lots: [{ lotNumber: `EW${n++}`, expiryDate: '2021-06-30', vials, dosesPerVial: 6 }] }, coord);

describe('reception reads the day capacity from planning', () => {
  it('stays silent on a day planning knows nothing about', async () => {
    bookToday(3);
    expect(await walkin()).toMatchObject({ ok: true });
  });

  it('refuses a walk-in on a day the plan closes, writes nothing, and lets an override through', async () => {
    await t.must('plans.setDay', { day: TODAY, open: false }, coord);
    const before = dbFingerprint(t.core.store.db);
    expect(await walkin()).toMatchObject({ ok: false, error: { code: 'GUARD', details: { guard: 'capacity', open: false, published: null } } });
    expect(dbFingerprint(t.core.store.db)).toBe(before);
    expect(await walkin({ guards: ['capacity'], reason: 'coordinator opened a desk for leftovers' })).toMatchObject({ ok: true });
  });

  it('guards a walk-in once the published capacity is booked, and not before', async () => {
    // 09:00-10:00 in 15-minute slots, one lane of one: four people; six doses on the shelf.
    await receiveComirnaty(1);
    await t.must('plans.setDay', { day: TODAY, open: true, opensAt: '09:00', closesAt: '10:00', slotMinutes: 15, lanes: 1, perLane: 1, products: ['COMIRNATY'] }, coord);
    const pub = await t.must('capacity.publish', { from: TODAY, to: TODAY }, coord);
    expect(pub.days).toEqual([{ day: TODAY, published: 4 }]);
    bookToday(3);
    expect(await walkin()).toMatchObject({ ok: true });
    // The walk-in is the fourth person of the day: the published four are taken.
    const full = await walkin();
    expect(full).toMatchObject({ ok: false, error: { code: 'GUARD', details: { guard: 'capacity', open: true, published: 4, booked: 4 } } });
    // A bigger published capacity lifts the guard: publishing is what reception reads, not the plan alone.
    await receiveComirnaty(2);
    await t.must('plans.setDay', { day: TODAY, open: true, opensAt: '09:00', closesAt: '11:00', slotMinutes: 15, lanes: 1, perLane: 1, products: ['COMIRNATY'] }, coord);
    expect(await walkin()).toMatchObject({ ok: false, error: { code: 'GUARD' } });
    await t.must('capacity.publish', { from: TODAY, to: TODAY }, coord);
    expect(await walkin()).toMatchObject({ ok: true });
  });
});
