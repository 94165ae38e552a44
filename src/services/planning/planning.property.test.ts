import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { testApp, type TestApp } from '../../testing/harness';
import { addInvitation, addPerson, configureCenter } from '../reception/test-fixtures';
import { addDays } from '../../domain/time';
import { capacityFor, type CapacityInput } from '../../domain/capacity';
import type { DayPlan } from '../../domain/slots';

/**
 * Random sequences of deliveries, receptions, corrections, plans, bookings and publishes through
 * the dispatcher (valid and invalid alike): stock never goes negative, and what is published for a
 * day is never above that day's dose-bounded capacity at the moment it was published.
 */
const TODAY = '2021-03-01';
const PRODUCTS = ['COMIRNATY', 'SPIKEVAX', 'VAXZEVRIA', 'JCOVDEN'] as const;
const day = fc.integer({ min: -2, max: 20 }).map((n) => addDays(TODAY, n));
const product = fc.constantFrom(...PRODUCTS);

const command = fc.oneof(
  fc.record({ k: fc.constant('expect' as const), product, date: day, doses: fc.integer({ min: -5, max: 400 }) }),
  fc.record({ k: fc.constant('receive' as const), product, expiry: fc.integer({ min: -2, max: 30 }).map((n) => addDays(TODAY, n)), vials: fc.integer({ min: -1, max: 20 }), perVial: fc.integer({ min: 0, max: 12 }), useExpected: fc.boolean() }),
  fc.record({ k: fc.constant('correct' as const), lot: fc.nat(), delta: fc.integer({ min: -150, max: 30 }), wasted: fc.boolean() }),
  fc.record({ k: fc.constant('plan' as const), day, open: fc.boolean(), lanes: fc.integer({ min: 0, max: 4 }), perLane: fc.integer({ min: 1, max: 4 }), slot: fc.constantFrom(15, 30, 45, 60), products: fc.subarray([...PRODUCTS], { minLength: 1, maxLength: 2 }) }),
  fc.record({ k: fc.constant('book' as const), day, product: fc.option(product), dose: fc.constantFrom(1, 2), n: fc.integer({ min: 1, max: 15 }) }),
  fc.record({ k: fc.constant('publish' as const), from: fc.integer({ min: 0, max: 10 }), len: fc.integer({ min: 0, max: 10 }), round: fc.boolean() }),
);

let t: TestApp | undefined;
afterEach(() => {
  t?.cleanup();
  t = undefined;
});

describe('planning properties', () => {
  it('never lets stock go negative nor publishes above dose-bounded capacity', async () => {
    let seq = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 5, maxLength: 25 }), async (cmds) => {
        t?.cleanup();
        t = testApp();
        configureCenter(t);
        const tok = await t.setup();
        const app = t;
        for (const c of cmds) {
          switch (c.k) {
            case 'expect':
              await app.call('deliveries.expect', { productCode: c.product, date: c.date, doses: c.doses }, tok);
              break;
            case 'receive': {
              const open = app.core.store.deliveries.expected().filter((d) => d.productCode === c.product)[0];
              const lots = [{ lotNumber: `L${seq++}`, expiryDate: c.expiry, vials: c.vials, dosesPerVial: c.perVial }];
              await app.call('deliveries.receive', c.useExpected && open ? { deliveryId: open.id, lots } : { productCode: c.product, lots }, tok);
              break;
            }
            case 'correct': {
              const lots = app.core.store.lots.balances();
              if (lots.length === 0) break;
              await app.call('stock.correct', { lotId: lots[c.lot % lots.length]!.id, kind: c.wasted ? 'wasted' : 'correction', delta: c.delta, reason: 'property test' }, tok);
              break;
            }
            case 'plan':
              await app.call('plans.setDay', c.open ? { day: c.day, open: true, opensAt: '08:00', closesAt: '11:00', slotMinutes: c.slot, lanes: c.lanes, perLane: c.perLane, products: c.products } : { day: c.day, open: false }, tok);
              break;
            case 'book':
              for (let i = 0; i < c.n; i++) addInvitation(app, addPerson(app, { familyName: `P${seq++}`, givenName: 'X' }).id, { day: c.day, productCode: c.product, doseNumber: c.dose });
              break;
            case 'publish': {
              const from = addDays(TODAY, c.from);
              const to = addDays(from, c.len);
              const bound = (await app.must('capacity.view', { from, to }, tok)).days;
              const r = await app.call('capacity.publish', { from, to, roundToVials: c.round }, tok);
              expect(r.ok).toBe(true);
              if (r.ok) {
                for (const d of r.value.days) {
                  const b = bound.find((x) => x.day === d.day)!;
                  expect(d.published).toBeLessThanOrEqual(b.doseBounded);
                  expect(d.published).toBeLessThanOrEqual(b.throughput);
                }
                const v = r.value.version === null ? null : app.core.store.capacity.versionSlots(r.value.version);
                for (const b of bound) {
                  const sum = (v?.slots ?? []).filter((s) => s.date === b.day).reduce((n, s) => n + s.capacity, 0);
                  expect(sum).toBeLessThanOrEqual(Math.max(0, b.doseBounded));
                }
              }
              break;
            }
          }
          for (const l of app.core.store.lots.balances()) expect(l.balance).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('keeps the published figure within both bounds for any stock, plans and bookings (pure rules)', () => {
    const plan = fc.record({ open: fc.boolean(), lanes: fc.integer({ min: 0, max: 6 }), perLane: fc.integer({ min: 1, max: 5 }), products: fc.subarray([...PRODUCTS], { minLength: 1 }) });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 30 }), plan), { maxLength: 20 }),
        fc.array(fc.record({ product, received: fc.integer({ min: -3, max: 10 }), expires: fc.integer({ min: 0, max: 60 }), balance: fc.integer({ min: 0, max: 300 }) }), { maxLength: 6 }),
        fc.array(fc.record({ product, date: fc.integer({ min: -3, max: 30 }), doses: fc.integer({ min: 1, max: 300 }) }), { maxLength: 4 }),
        fc.array(fc.record({ day: fc.integer({ min: -60, max: 30 }), product: fc.option(product), pending: fc.integer({ min: 0, max: 50 }), first: fc.integer({ min: 0, max: 30 }) }), { maxLength: 12 }),
        (plans, lots, expected, bookings) => {
          const plansMap = new Map<string, DayPlan>();
          for (const [n, p] of plans) plansMap.set(addDays(TODAY, n), { day: addDays(TODAY, n), opensAt: '08:00', closesAt: '12:00', slotMinutes: 30, ...p });
          const input: CapacityInput = {
            today: TODAY,
            from: TODAY,
            to: addDays(TODAY, 30),
            plans: plansMap,
            products: [
              { code: 'COMIRNATY', dosesPerVial: 6, dosesInSeries: 2, plannedIntervalDays: 35 },
              { code: 'SPIKEVAX', dosesPerVial: 10, dosesInSeries: 2, plannedIntervalDays: 28 },
              { code: 'VAXZEVRIA', dosesPerVial: 10, dosesInSeries: 2, plannedIntervalDays: 84 },
              { code: 'JCOVDEN', dosesPerVial: 5, dosesInSeries: 1, plannedIntervalDays: null },
            ],
            lots: lots.map((l, i) => ({ id: `l${i}`, productCode: l.product, receivedDay: addDays(TODAY, l.received), expiryDate: addDays(TODAY, l.expires), balance: l.balance })),
            expected: expected.map((e, i) => ({ id: `e${i}`, productCode: e.product, date: addDays(TODAY, e.date), doses: e.doses })),
            bookings: bookings.map((b) => ({ day: addDays(TODAY, b.day), productCode: b.product, booked: b.pending, pending: b.pending, done: 0 })),
            firstDoses: bookings.map((b) => ({ day: addDays(TODAY, b.day), productCode: b.product, count: Math.min(b.first, b.pending) })),
            published: new Map(),
          };
          for (const d of capacityFor(input)) {
            expect(d.toPublish).toBeGreaterThanOrEqual(0);
            expect(d.toPublish).toBeLessThanOrEqual(d.doseBounded);
            expect(d.toPublish).toBeLessThanOrEqual(d.throughput);
            expect(d.doseBounded).toBeLessThanOrEqual(d.withExpected);
            if (d.rounding) expect(d.rounding.capacity % d.rounding.dosesPerVial).toBe(0);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
