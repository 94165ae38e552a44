import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { addInvitation, addPerson, configureCenter } from '../reception/test-fixtures';
import { capacitySource, dayCapacity } from './index';
import { dayCapacityOf } from '../reception/common';
import { hourCapacityOf } from '../reports/capacity';

let t: TestApp;
afterEach(() => t?.cleanup());

// testApp's clock: Monday 2021-03-01 10:00 in Brussels.
const AZ_LOT = { lotNumber: 'ABV5300', expiryDate: '2021-06-30', vials: 30, dosesPerVial: 10 };
const WEEK = { name: 'Mon-Wed-Fri', weekdays: [1, 3, 5], opensAt: '08:00', closesAt: '12:00', slotMinutes: 30, lanes: 2, perLane: 3, products: ['VAXZEVRIA'] };

async function coordinator() {
  t = testApp();
  configureCenter(t);
  return t.setup();
}
/** What a refused call must leave behind: the same rows everywhere. */
function snapshot() {
  const db = t.core.store.db;
  const n = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { audit: n('audit_log'), deliveries: n('deliveries'), lots: n('lots'), events: n('dose_events'), plans: n('day_plans'), templates: n('plan_templates'), versions: n('capacity_versions'), outbox: n('outbox'), products: n('products') };
}

describe('deliveries and stock through the dispatcher', () => {
  it('records an expected AstraZeneca delivery, receives it short with a lot, and keeps stock per lot', async () => {
    const tok = await coordinator();
    const d = await t.must('deliveries.expect', { productCode: 'vaxzevria', date: '2021-03-03', doses: 400 }, tok);
    expect(d).toMatchObject({ productCode: 'VAXZEVRIA', status: 'expected', expectedDoses: 400 });
    expect((await t.must('stock.overview', {}, tok)).products.find((p) => p.productCode === 'VAXZEVRIA')).toMatchObject({ usable: 0, expected: 400 });
    const before = snapshot();
    const r = await t.must('deliveries.receive', { deliveryId: d.id, lots: [AZ_LOT] }, tok);
    expect(r).toMatchObject({ status: 'received', receivedDoses: 300, short: true, late: false });
    expect(snapshot()).toMatchObject({ lots: before.lots + 1, audit: before.audit + 1 });
    const st = await t.must('stock.overview', {}, tok);
    expect(st.products.find((p) => p.productCode === 'VAXZEVRIA')).toMatchObject({ usable: 300, expected: 0 });
    expect(st.lots[0]).toMatchObject({ lotNumber: 'ABV5300', balance: 300, receivedBy: 'Test Coordinator', expiry: 'ok', usable: true });
    // Receiving it again is refused: the delivery is no longer expected.
    expect(await t.call('deliveries.receive', { deliveryId: d.id, lots: [{ ...AZ_LOT, lotNumber: 'X1' }] }, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('refuses an expired lot, a duplicate lot and absurd numbers with a message, saving nothing', async () => {
    const tok = await coordinator();
    const d = await t.must('deliveries.expect', { productCode: 'VAXZEVRIA', date: '2021-03-03', doses: 400 }, tok);
    const before = snapshot();
    const expired = await t.call('deliveries.receive', { deliveryId: d.id, lots: [AZ_LOT, { ...AZ_LOT, lotNumber: 'OLD1', expiryDate: '2021-03-01' }] }, tok);
    expect(expired).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/OLD1 expired on 2021-03-01/), details: { field: 'lots.1.expiryDate' } } });
    expect(await t.call('deliveries.receive', { deliveryId: d.id, lots: [AZ_LOT, AZ_LOT] }, tok)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/listed twice/) } });
    expect(await t.call('deliveries.receive', { deliveryId: d.id, lots: [{ ...AZ_LOT, vials: -3 }] }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/vials must be at least 1/) } });
    expect(await t.call('deliveries.receive', { deliveryId: d.id, lots: [{ ...AZ_LOT, dosesPerVial: 500 }] }, tok)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not realistic/) } });
    expect(await t.call('deliveries.expect', { productCode: 'VAXZEVRIA', date: '2021-02-01', doses: 10 }, tok)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/in the past/) } });
    expect(await t.call('deliveries.expect', { productCode: 'NOPE', date: '2021-03-05', doses: 10 }, tok)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.call('deliveries.reduce', { deliveryId: d.id, doses: 500 }, tok)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/fewer than the 400/) } });
    expect(snapshot()).toEqual(before);
    expect(t.core.store.deliveries.get(d.id)!.status).toBe('expected');
  });

  it('marks an expected delivery late, short or cancelled, keeping what was first announced', async () => {
    const tok = await coordinator();
    const d = await t.must('deliveries.expect', { productCode: 'COMIRNATY', date: '2021-03-04', doses: 600 }, tok);
    expect(await t.must('deliveries.reschedule', { deliveryId: d.id, date: '2021-03-09' }, tok)).toMatchObject({ expectedDate: '2021-03-09', originalDate: '2021-03-04', late: true });
    expect(await t.must('deliveries.reduce', { deliveryId: d.id, doses: 420, reason: 'allocation cut' }, tok)).toMatchObject({ expectedDoses: 420, originalDoses: 600, short: true });
    expect(await t.must('deliveries.cancel', { deliveryId: d.id }, tok)).toMatchObject({ status: 'cancelled' });
    expect(await t.call('deliveries.cancel', { deliveryId: d.id }, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const actions = t.core.store.audit.recent(Number.MAX_SAFE_INTEGER, 3).map((a) => a.action);
    expect(actions).toEqual(['deliveries.cancel', 'deliveries.reduce', 'deliveries.reschedule']);
  });

  it('refuses a correction that would make stock negative, and books one that does not', async () => {
    const tok = await coordinator();
    const r = await t.must('deliveries.receive', { productCode: 'JCOVDEN', lots: [{ lotNumber: 'J1', expiryDate: '2021-05-01', vials: 2, dosesPerVial: 5 }] }, tok);
    const lotId = r.lots[0]!.lotId;
    const before = snapshot();
    expect(await t.call('stock.correct', { lotId, kind: 'correction', delta: -11, reason: 'counted the fridge' }, tok)).toMatchObject({
      ok: false,
      error: { code: 'STOCK', message: expect.stringMatching(/Only 10 doses are left.*at most −10/) },
    });
    expect(await t.call('stock.correct', { lotId, kind: 'wasted', delta: 2, reason: 'broken vial' }, tok)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/negative number/) } });
    expect(snapshot()).toEqual(before);
    expect(await t.must('stock.correct', { lotId, kind: 'wasted', delta: -5, reason: 'broken vial' }, tok)).toMatchObject({ balance: 5, wasted: 5 });
    expect(await t.must('stock.correct', { lotId, kind: 'correction', delta: 1, reason: 'extra dose drawn' }, tok)).toMatchObject({ balance: 6 });
    expect(t.core.store.lots.balance(lotId)!.balance).toBe(6);
  });

  it('lets coordinators add and edit products, refusing intervals that make no sense', async () => {
    const tok = await coordinator();
    const base = { code: 'NUVAXOVID', name: 'Nuvaxovid', manufacturer: 'Novavax', dosesPerVial: 10, dosesInSeries: 2, minIntervalDays: 21, plannedIntervalDays: 21, openVialHours: 6 };
    expect(await t.must('products.create', base, tok)).toMatchObject({ code: 'NUVAXOVID', active: true });
    expect(await t.call('products.create', base, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await t.call('products.update', { ...base, plannedIntervalDays: 14 }, tok)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/cannot be shorter than the minimum/) } });
    expect(await t.call('products.update', { ...base, minIntervalDays: null }, tok)).toMatchObject({ ok: false, error: { details: { field: 'minIntervalDays' } } });
    expect(await t.must('products.update', { ...base, dosesPerVial: 5 }, tok)).toMatchObject({ dosesPerVial: 5 });
  });
});

describe('day plans, templates and capacity through the dispatcher', () => {
  it('refuses bad hours with a message saying what to fix, and saves nothing', async () => {
    const tok = await coordinator();
    const before = snapshot();
    const day = { day: '2021-03-02', open: true as const, opensAt: '08:00', closesAt: '20:00', slotMinutes: 15, lanes: 4, perLane: 2, products: ['COMIRNATY'] };
    expect(await t.call('plans.setDay', { ...day, closesAt: '07:00' }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'Closing time 07:00 must be after opening time 08:00.', details: { field: 'closesAt' } } });
    expect(await t.call('plans.setDay', { ...day, closesAt: '20:10', slotMinutes: 15 }, tok)).toMatchObject({ ok: false, error: { details: { field: 'slotMinutes' } } });
    expect(await t.call('plans.setDay', { ...day, lanes: -1 }, tok)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/lanes: an open day needs at least 1 lane/) } });
    expect(await t.call('plans.setDay', { ...day, perLane: 1000 }, tok)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/not realistic/) } });
    expect(await t.call('plans.setDay', { ...day, products: ['NOPE'] }, tok)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Unknown product NOPE/) } });
    expect(await t.call('plans.setDay', { ...day, day: '2021-02-26' }, tok)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/in the past/) } });
    expect(await t.call('plans.saveTemplate', { ...WEEK, weekdays: [8] }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('plans.saveTemplate', { ...WEEK, opensAt: '25:00' }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('capacity.view', { from: '2021-03-10', to: '2021-03-01' }, tok)).toMatchObject({ ok: false, error: { message: expect.stringMatching(/swap them/) } });
    expect(snapshot()).toEqual(before);
  });

  it('applies a weekly template over a range and keeps single-day exceptions when re-applied', async () => {
    const tok = await coordinator();
    const tpl = await t.must('plans.saveTemplate', WEEK, tok);
    expect(await t.must('plans.applyTemplate', { templateId: tpl.id, from: '2021-03-01', to: '2021-03-14' }, tok)).toEqual({ written: 14, keptExceptions: [], keptBooked: [] });
    await t.must('plans.setDay', { day: '2021-03-03', open: false }, tok);
    await t.must('plans.setDay', { day: '2021-03-06', open: true, opensAt: '09:00', closesAt: '12:00', slotMinutes: 60, lanes: 1, perLane: 5, products: ['VAXZEVRIA'] }, tok);
    const again = await t.must('plans.applyTemplate', { templateId: tpl.id, from: '2021-03-01', to: '2021-03-14' }, tok);
    expect(again).toEqual({ written: 12, keptExceptions: ['2021-03-03', '2021-03-06'], keptBooked: [] });
    const plans = await t.must('plans.list', { from: '2021-03-01', to: '2021-03-07' }, tok);
    expect(plans.map((p) => [p.day, p.open, p.source, p.throughput])).toEqual([
      ['2021-03-01', true, 'template', 48],
      ['2021-03-02', false, 'template', 0],
      ['2021-03-03', false, 'exception', 0],
      ['2021-03-04', false, 'template', 0],
      ['2021-03-05', true, 'template', 48],
      ['2021-03-06', true, 'exception', 15],
      ['2021-03-07', false, 'template', 0],
    ]);
    await t.must('plans.resetDay', { day: '2021-03-03' }, tok);
    expect((await t.must('plans.applyTemplate', { templateId: tpl.id, from: '2021-03-01', to: '2021-03-07' }, tok)).keptExceptions).toEqual(['2021-03-06']);
    expect((await t.must('plans.list', { from: '2021-03-03', to: '2021-03-03' }, tok))[0]).toMatchObject({ open: true, source: 'template' });
  });

  it('publishes capacity as versions (one outbox entry each), bounded by doses, readable by sync, reception and reports', async () => {
    const tok = await coordinator();
    await t.must('deliveries.receive', { productCode: 'VAXZEVRIA', lots: [{ lotNumber: 'A1', expiryDate: '2021-06-30', vials: 7, dosesPerVial: 10 }] }, tok);
    const tpl = await t.must('plans.saveTemplate', WEEK, tok);
    await t.must('plans.applyTemplate', { templateId: tpl.id, from: '2021-03-01', to: '2021-03-07' }, tok);
    const p = addPerson(t, { familyName: 'Peeters', givenName: 'An' });
    addInvitation(t, p.id, { day: '2021-03-01', productCode: 'VAXZEVRIA', doseNumber: 2 });
    const view = await t.must('capacity.view', { from: '2021-03-01', to: '2021-03-07' }, tok);
    expect(view.days[0]).toMatchObject({ day: '2021-03-01', throughput: 48, doseBounded: 70, booked: 1, toPublish: 48 });
    expect(view.days[2]).toMatchObject({ day: '2021-03-03', doseBounded: 69, toPublish: 48 });
    expect(view.days[4]).toMatchObject({ day: '2021-03-05', doseBounded: 69, toPublish: 48 });

    const pub = await t.must('capacity.publish', { from: '2021-03-01', to: '2021-03-07' }, tok);
    expect(pub).toMatchObject({ version: 1, changed: true });
    expect(pub.days.filter((d) => d.published > 0)).toEqual([
      { day: '2021-03-01', published: 48 },
      { day: '2021-03-03', published: 48 },
      { day: '2021-03-05', published: 48 },
    ]);
    const outbox = t.core.store.outbox.forResource('capacity');
    expect(outbox.map((o) => [o.kind, JSON.parse(o.payload)])).toEqual([['capacity.publish', { version: 1 }]]);
    const slots = capacitySource(t.core.store, 1)!.slots;
    expect(slots).toHaveLength(24);
    expect(slots[0]).toEqual({ date: '2021-03-01', time: '08:00', minutes: 30, capacity: 6 });
    expect(dayCapacity(t.core.store, '2021-03-01')).toEqual({ open: true, published: 48, booked: 1 });
    expect(dayCapacityOf(t.core.store, '2021-03-02')).toEqual({ open: false, published: null, booked: 0 });
    expect(dayCapacityOf(t.core.store, '2021-04-02')).toBeNull();
    expect(hourCapacityOf(t.core.store, '2021-03-01')).toEqual({ 8: 12, 9: 12, 10: 12, 11: 12 });

    // Nothing changed: no new version, no outbox entry.
    expect(await t.must('capacity.publish', { from: '2021-03-01', to: '2021-03-07' }, tok)).toMatchObject({ version: 1, changed: false });
    // Doses run short: Friday can only offer what is left after Monday and Wednesday.
    const lot = t.core.store.lots.balances()[0]!;
    await t.must('stock.correct', { lotId: lot.id, kind: 'wasted', delta: -40, reason: 'fridge failure' }, tok);
    const v2 = await t.must('capacity.publish', { from: '2021-03-03', to: '2021-03-07' }, tok);
    expect(v2).toMatchObject({ version: 2, changed: true });
    expect(v2.days.filter((d) => d.published > 0)).toEqual([
      { day: '2021-03-03', published: 29 },
      { day: '2021-03-05', published: 29 },
    ]);
    // Version 2 is complete: Monday carried over from version 1.
    const s2 = capacitySource(t.core.store, 2)!.slots;
    expect(s2.filter((s) => s.date === '2021-03-01').reduce((n, s) => n + s.capacity, 0)).toBe(48);
    expect(t.core.store.outbox.forResource('capacity')).toHaveLength(2);
    expect(capacitySource(t.core.store, 99)).toBeNull();
  });

  it('holds back second doses for booked first doses until the second dose is booked', async () => {
    const tok = await coordinator();
    await t.must('deliveries.receive', { productCode: 'COMIRNATY', lots: [{ lotNumber: 'C1', expiryDate: '2021-12-31', vials: 10, dosesPerVial: 6 }] }, tok);
    await t.must('plans.setDay', { day: '2021-04-05', open: true, opensAt: '08:00', closesAt: '20:00', slotMinutes: 60, lanes: 6, perLane: 4, products: ['COMIRNATY'] }, tok);
    const a = addPerson(t, { familyName: 'A', givenName: 'A' });
    const b = addPerson(t, { familyName: 'B', givenName: 'B' });
    addInvitation(t, a.id, { day: '2021-03-01', productCode: 'COMIRNATY' });
    addInvitation(t, b.id, { day: '2021-03-01', productCode: 'COMIRNATY' });
    const dayOf = async () => (await t.must('capacity.view', { from: '2021-04-05', to: '2021-04-05' }, tok)).days[0]!;
    // Comirnaty's planned interval is 35 days: 2021-03-01 + 35 = 2021-04-05.
    expect(await dayOf()).toMatchObject({ holdBack: 2, doseBounded: 56 });
    addInvitation(t, b.id, { day: '2021-04-05', productCode: 'COMIRNATY', doseNumber: 2 });
    expect(await dayOf()).toMatchObject({ holdBack: 1, booked: 1, doseBounded: 57 });
  });

  it('shows a what-if without committing it', async () => {
    const tok = await coordinator();
    await t.must('deliveries.receive', { productCode: 'VAXZEVRIA', lots: [{ lotNumber: 'A1', expiryDate: '2021-06-30', vials: 1, dosesPerVial: 10 }] }, tok);
    const d = await t.must('deliveries.expect', { productCode: 'VAXZEVRIA', date: '2021-03-02', doses: 100 }, tok);
    await t.must('plans.setDay', { day: '2021-03-03', open: true, opensAt: '08:00', closesAt: '12:00', slotMinutes: 30, lanes: 2, perLane: 3, products: ['VAXZEVRIA'] }, tok);
    for (let i = 0; i < 30; i++) addInvitation(t, addPerson(t, { familyName: `P${i}`, givenName: 'X' }).id, { day: '2021-03-03', productCode: 'VAXZEVRIA', doseNumber: 2 });
    expect((await t.must('capacity.view', { from: '2021-03-03', to: '2021-03-03' }, tok)).days[0]!.warnings).toEqual(['dependsOnExpected']);
    const before = snapshot();
    const w = await t.must('capacity.whatIf', { deliveryId: d.id, kind: 'short', doses: 5, from: '2021-03-01', to: '2021-03-10' }, tok);
    expect(w).toEqual({ deliveryId: d.id, peopleToMove: 15, days: [{ day: '2021-03-03', booked: 30, capacityBefore: 48, capacityAfter: 15, productCode: 'VAXZEVRIA', productBooked: 30, dosesBefore: 110, dosesAfter: 15, peopleToMoveBefore: 0, peopleToMoveAfter: 15 }] });
    expect(await t.call('capacity.whatIf', { deliveryId: d.id, kind: 'late', from: '2021-03-01', to: '2021-03-10' }, tok)).toMatchObject({ ok: false, error: { details: { field: 'date' } } });
    expect(snapshot()).toEqual(before);
    expect(t.core.store.deliveries.get(d.id)!.expectedDoses).toBe(100);
  });

  it('lets a receptionist look but change nothing', async () => {
    const tok = await coordinator();
    const rec = await t.staffToken('receptionist', tok);
    const d = await t.must('deliveries.expect', { productCode: 'VAXZEVRIA', date: '2021-03-03', doses: 100 }, tok);
    for (const m of ['products.list', 'stock.overview', 'plans.templates'] as const) expect(await t.call(m, {}, rec)).toMatchObject({ ok: true });
    expect(await t.call('capacity.view', { from: '2021-03-01', to: '2021-03-07' }, rec)).toMatchObject({ ok: true });
    const before = snapshot();
    const refused = [
      await t.call('deliveries.expect', { productCode: 'VAXZEVRIA', date: '2021-03-03', doses: 100 }, rec),
      await t.call('deliveries.receive', { deliveryId: d.id, lots: [AZ_LOT] }, rec),
      await t.call('deliveries.cancel', { deliveryId: d.id }, rec),
      await t.call('plans.setDay', { day: '2021-03-03', open: false }, rec),
      await t.call('plans.saveTemplate', WEEK, rec),
      await t.call('capacity.publish', { from: '2021-03-01', to: '2021-03-07' }, rec),
      await t.call('products.update', { code: 'VAXZEVRIA', name: 'x', manufacturer: 'y', dosesPerVial: 8, dosesInSeries: 2, minIntervalDays: 28, plannedIntervalDays: 84, openVialHours: 6 }, rec),
    ];
    for (const r of refused) expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(snapshot()).toEqual(before);
  });
});
