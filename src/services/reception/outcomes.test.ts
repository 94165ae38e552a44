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

async function arrived(day = '2021-03-01') {
  const inv = addInvitation(t, addPerson(t, { familyName: 'Janssens', givenName: 'Els' }).id, { day });
  await t.must('arrivals.checkIn', { invitationId: inv.id }, tok);
  return inv;
}

describe('outcomes and stock', () => {
  it('prefills product and lot from the desk defaults and takes exactly one dose from that lot', async () => {
    const lot = addLot(t, { lotNumber: 'EP1234', vials: 1, dosesPerVial: 6 });
    expect(await t.must('desk.setDefaults', { productCode: null, lotId: lot }, tok)).toEqual({ productCode: 'COMIRNATY', lotId: lot });
    const opts = await t.must('desk.options', {}, tok);
    expect(opts.defaults).toEqual({ productCode: 'COMIRNATY', lotId: lot });
    expect(opts.lots.find((l) => l.lotId === lot)).toMatchObject({ balance: 6, usable: true });

    const inv = await arrived();
    const r = await t.must('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated' }, tok);
    expect(r.lotBalance).toBe(5);
    expect(r.hit).toMatchObject({ status: 'fulfilled', outcome: 'vaccinated' });
    expect(t.core.store.lots.balance(lot)!.balance).toBe(5);
    const kinds = t.core.store.db.prepare(`SELECT kind, payload FROM outbox ORDER BY id`).all() as { kind: string; payload: string }[];
    expect(kinds.map((k) => k.kind)).toEqual(['appointment.status', 'immunization', 'appointment.status']);
    expect(JSON.parse(kinds[1]!.payload)).toEqual({ vaccinationId: r.outcomeId });
    expect(JSON.parse(kinds[2]!.payload)).toMatchObject({ status: 'fulfilled' });
    // One outcome per visit.
    expect(await t.call('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated' }, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(t.core.store.lots.balance(lot)!.balance).toBe(5);
  });

  it('refuses an empty or expired lot, a lot of another product, a missing lot, and someone not checked in', async () => {
    const empty = addLot(t, { lotNumber: 'EMPTY', vials: 0 });
    const expired = addLot(t, { lotNumber: 'OLD', vials: 2, expiryDate: '2021-02-28' });
    const spikevax = addLot(t, { productCode: 'SPIKEVAX', lotNumber: 'MOD1', vials: 1, dosesPerVial: 10 });
    const inv = await arrived();
    expect(await t.call('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated' }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { field: 'lotId' } } });
    expect(await t.call('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: empty }, tok)).toMatchObject({ ok: false, error: { code: 'STOCK', details: { reason: 'empty' } } });
    expect(await t.call('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: expired }, tok)).toMatchObject({ ok: false, error: { code: 'STOCK', details: { reason: 'expired' } } });
    expect(await t.call('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: spikevax, productCode: 'COMIRNATY' }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: 'nope' }, tok)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const notHere = addInvitation(t, addPerson(t, { familyName: 'X', givenName: 'Y' }).id, { day: '2021-03-01' });
    expect(await t.call('outcomes.record', { invitationId: notHere.id, outcome: 'refused' }, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(t.core.store.db.prepare(`SELECT count(*) AS n FROM dose_events`).get()).toEqual({ n: 0 });
    expect(t.core.store.arrivals.outcome(inv.id)).toBeUndefined();
    expect(await t.call('desk.setDefaults', { productCode: 'COMIRNATY', lotId: spikevax }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('stops at the last dose of a lot', async () => {
    const lot = addLot(t, { vials: 1, dosesPerVial: 2 });
    const results = [];
    for (let k = 0; k < 3; k++) results.push(await t.call('outcomes.record', { invitationId: (await arrived()).id, outcome: 'vaccinated', lotId: lot }, tok));
    expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual(['ok', 'ok', 'STOCK']);
    expect(t.core.store.lots.balance(lot)!.balance).toBe(0);
  });

  it('records refused, deferred and left without touching stock, and undoes a vaccination by returning its dose', async () => {
    const lot = addLot(t, { vials: 1 });
    for (const outcome of ['refused', 'deferred', 'left'] as const) {
      const inv = await arrived();
      // Refused and deferred people were seen: the appointment is fulfilled (and reported, not-done); someone who left is still only arrived.
      expect((await t.must('outcomes.record', { invitationId: inv.id, outcome, note: 'unwell' }, tok)).hit).toMatchObject({ outcome, status: outcome === 'left' ? 'arrived' : 'fulfilled' });
    }
    expect(t.core.store.lots.balance(lot)!.balance).toBe(6);
    const inv = await arrived();
    await t.must('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: lot }, tok);
    expect(t.core.store.lots.balance(lot)!.balance).toBe(5);
    expect(await t.must('outcomes.undo', { invitationId: inv.id, reason: 'wrong person' }, tok)).toMatchObject({ outcome: null, status: 'arrived' });
    expect(t.core.store.lots.balance(lot)!.balance).toBe(6);
  });
});
