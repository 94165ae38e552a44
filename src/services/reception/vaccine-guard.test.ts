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

const doseEvents = () => (t.core.store.db.prepare(`SELECT count(*) AS n FROM dose_events`).get() as { n: number }).n;

describe('the vaccine guard at vaccination', () => {
  it("refuses a lot of another product than the appointment's, changes nothing, and records it only through an audited override", async () => {
    const vax = addLot(t, { productCode: 'VAXZEVRIA', lotNumber: 'ABV5811', vials: 1, dosesPerVial: 10 });
    const inv = addInvitation(t, addPerson(t, { familyName: 'Willems', givenName: 'An' }).id, { day: '2021-03-01', productCode: 'SPIKEVAX', doseNumber: 1 });
    await t.must('arrivals.checkIn', { invitationId: inv.id }, tok);
    const r = await t.call('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: vax }, tok);
    expect(r).toMatchObject({ ok: false, error: { code: 'GUARD', details: { guards: [{ guard: 'product', expected: 'SPIKEVAX', given: 'VAXZEVRIA' }], lotNumber: 'ABV5811' } } });
    expect(doseEvents()).toBe(0);
    expect(t.core.store.arrivals.outcome(inv.id)).toBeUndefined();
    // A reason alone is not enough: the guard must be named; a too-short reason is bad input.
    expect(await t.call('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: vax, override: { guards: ['seriesProduct'], reason: 'no stock left' } }, tok)).toMatchObject({ ok: false, error: { code: 'GUARD' } });
    expect(await t.call('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: vax, override: { guards: ['product'], reason: 'x' } }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(doseEvents()).toBe(0);

    const ok = await t.must('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: vax, override: { guards: ['product'], reason: 'Doctor decided: no Spikevax left' } }, tok);
    expect(ok.hit).toMatchObject({ outcome: 'vaccinated' });
    expect(t.core.store.arrivals.outcome(inv.id)).toMatchObject({ productCode: 'VAXZEVRIA', lotId: vax });
    const row = t.core.store.audit.recent(1e9, 10).find((a) => a.action === 'outcome.override')!;
    expect(row).toBeDefined();
    expect(JSON.stringify(row)).toContain('Doctor decided');
    expect(JSON.stringify(row)).toContain('SPIKEVAX');
  });

  it("refuses a second dose of another product than the first dose given here, even when the booking names another", async () => {
    const com = addLot(t, { productCode: 'COMIRNATY', lotNumber: 'EW1', vials: 2 });
    const spk = addLot(t, { productCode: 'SPIKEVAX', lotNumber: 'MOD1', vials: 1, dosesPerVial: 10 });
    const p = addPerson(t, { familyName: 'Peeters', givenName: 'Jan' });
    const d1 = addInvitation(t, p.id, { day: '2021-03-01', productCode: null, doseNumber: 1 });
    await t.must('arrivals.checkIn', { invitationId: d1.id }, tok);
    await t.must('outcomes.record', { invitationId: d1.id, outcome: 'vaccinated', lotId: spk }, tok);
    // Booked (wrongly) for Comirnaty; the first dose was Spikevax.
    const d2 = addInvitation(t, p.id, { day: '2021-03-01', productCode: 'COMIRNATY', doseNumber: 2 });
    await t.must('arrivals.checkIn', { invitationId: d2.id, override: { guards: ['interval'], reason: 'test same day' } }, tok);
    const r = await t.call('outcomes.record', { invitationId: d2.id, outcome: 'vaccinated', lotId: com }, tok);
    expect(r).toMatchObject({ ok: false, error: { code: 'GUARD', details: { guards: [{ guard: 'seriesProduct', expected: 'SPIKEVAX', given: 'COMIRNATY', previousDate: '2021-03-01' }] } } });
    // The lot of the first dose's product is stopped by the booking instead: both rules hold.
    expect(await t.call('outcomes.record', { invitationId: d2.id, outcome: 'vaccinated', lotId: spk }, tok)).toMatchObject({ ok: false, error: { code: 'GUARD', details: { guards: [{ guard: 'product' }] } } });
    expect(t.core.store.arrivals.outcome(d2.id)).toBeUndefined();
  });

  it('leaves refused, deferred and left alone (no dose, no product)', async () => {
    addLot(t, { productCode: 'VAXZEVRIA', vials: 1, dosesPerVial: 10 });
    const inv = addInvitation(t, addPerson(t, { familyName: 'A', givenName: 'B' }).id, { day: '2021-03-01', productCode: 'SPIKEVAX' });
    await t.must('arrivals.checkIn', { invitationId: inv.id }, tok);
    expect((await t.must('outcomes.record', { invitationId: inv.id, outcome: 'refused' }, tok)).hit.outcome).toBe('refused');
  });
});
