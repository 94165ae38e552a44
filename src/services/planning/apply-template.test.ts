import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { addInvitation, addPerson, configureCenter } from '../reception/test-fixtures';

/**
 * Applying a Monday-Wednesday-Friday template closes the other days, but never a day people are
 * booked on: closing it would turn every booking into a person to move, without anyone deciding so.
 */
let t: TestApp;
let tok: string;
beforeEach(async () => {
  t = testApp({ clockStart: '2021-03-01T09:00:00.000Z' });
  configureCenter(t);
  tok = await t.setup();
});
afterEach(() => t.cleanup());

const hours = { opensAt: '09:00', closesAt: '12:00', slotMinutes: 30, lanes: 2, perLane: 2, products: ['COMIRNATY'] };

describe('applying a weekly template', () => {
  it('leaves a booked day outside its weekdays as it was, says so, and closes the empty ones', async () => {
    // Tuesday 2 March has two bookings and the plan of an earlier every-day template; Thursday 4 March has none.
    await t.must('deliveries.receive', { productCode: 'COMIRNATY', lots: [{ lotNumber: 'EW1', expiryDate: '2021-06-30', vials: 10, dosesPerVial: 6 }] }, tok);
    const every = await t.must('plans.saveTemplate', { name: 'Elke dag', weekdays: [1, 2, 3, 4, 5, 6, 7], ...hours }, tok);
    await t.must('plans.applyTemplate', { templateId: every.id, from: '2021-03-01', to: '2021-03-07' }, tok);
    for (const name of ['Peeters', 'Claes']) addInvitation(t, addPerson(t, { familyName: name, givenName: 'An' }).id, { day: '2021-03-02' });
    addInvitation(t, addPerson(t, { familyName: 'Maes', givenName: 'Jo' }).id, { day: '2021-03-04', status: 'cancelled' });

    const mwf = await t.must('plans.saveTemplate', { name: 'Ma-wo-vr', weekdays: [1, 3, 5], ...hours }, tok);
    const r = await t.must('plans.applyTemplate', { templateId: mwf.id, from: '2021-03-01', to: '2021-03-07' }, tok);
    expect(r).toEqual({ written: 6, keptExceptions: [], keptBooked: ['2021-03-02'] });

    const plans = await t.must('plans.list', { from: '2021-03-01', to: '2021-03-07' }, tok);
    const state = Object.fromEntries(plans.map((p) => [p.day, p.open]));
    expect(state).toEqual({ '2021-03-01': true, '2021-03-02': true, '2021-03-03': true, '2021-03-04': false, '2021-03-05': true, '2021-03-06': false, '2021-03-07': false });
    const tuesday = (await t.must('capacity.view', { from: '2021-03-02', to: '2021-03-02' }, tok)).days[0]!;
    expect(tuesday).toMatchObject({ open: true, booked: 2, warnings: [] });
    // The coordinator can still close it on purpose: then the calendar shows who must move.
    await t.must('plans.setDay', { day: '2021-03-02', open: false }, tok);
    expect((await t.must('capacity.view', { from: '2021-03-02', to: '2021-03-02' }, tok)).days[0]).toMatchObject({ open: false, peopleToMove: 2, warnings: ['closedWithBookings'] });
    const audit = t.core.store.audit.recent(1e9, 20).find((a) => a.action === 'plans.applyTemplate' && a.entityId === mwf.id);
    expect(JSON.parse(String(audit?.detail ?? '{}'))).toMatchObject({ keptBooked: ['2021-03-02'] });
  });
});
