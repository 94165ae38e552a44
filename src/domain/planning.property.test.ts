import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { capacityFor, whatIf, type BookingFacts, type CapacityDay, type CapacityInput, type ExpectedFacts, type FirstDoseFacts, type LotFacts, type ProductFacts } from './capacity';
import type { DayPlan } from './slots';
import { addDays } from './time';

/**
 * Properties of the capacity rules over random centers: random day plans (the DST change of
 * 2021-03-28 is inside the horizon), lots received and expiring at random, expected deliveries,
 * bookings and first doses awaiting their second. The example tests in capacity.test.ts pin the
 * figures; these pin the invariants that no combination may break.
 */

const TODAY = '2021-03-20';
const HORIZON = 40;
const PRODUCTS: ProductFacts[] = [
  { code: 'COMIRNATY', dosesPerVial: 6, dosesInSeries: 2, plannedIntervalDays: 35 },
  { code: 'SPIKEVAX', dosesPerVial: 10, dosesInSeries: 2, plannedIntervalDays: 28 },
  { code: 'VAXZEVRIA', dosesPerVial: 10, dosesInSeries: 2, plannedIntervalDays: 84 },
  { code: 'JCOVDEN', dosesPerVial: 5, dosesInSeries: 1, plannedIntervalDays: null },
];
const CODES = PRODUCTS.map((p) => p.code);
const day = (n: number) => addDays(TODAY, n);
const hhmm = (h: number) => `${String(h).padStart(2, '0')}:00`;

const productArb = fc.constantFrom(...CODES);
const planArb = (n: number): fc.Arbitrary<DayPlan | null> =>
  fc.oneof(
    fc.constant(null),
    fc.constant<DayPlan>({ day: day(n), open: false, opensAt: '08:00', closesAt: '20:00', slotMinutes: 15, lanes: 0, perLane: 0, products: [] }),
    fc
      .record({
        opens: fc.integer({ min: 0, max: 12 }),
        hours: fc.integer({ min: 1, max: 14 }),
        slotMinutes: fc.constantFrom(10, 15, 20, 30, 60),
        lanes: fc.integer({ min: 1, max: 8 }),
        perLane: fc.integer({ min: 1, max: 3 }),
        products: fc.uniqueArray(productArb, { minLength: 1, maxLength: 3 }),
      })
      .map(
        (r): DayPlan => ({
          day: day(n),
          open: true,
          opensAt: hhmm(r.opens),
          closesAt: hhmm(Math.min(23, r.opens + r.hours)),
          slotMinutes: r.slotMinutes,
          lanes: r.lanes,
          perLane: r.perLane,
          products: r.products,
        }),
      ),
  );

const lotArb: fc.Arbitrary<LotFacts> = fc
  .record({ productCode: productArb, received: fc.integer({ min: -20, max: 30 }), life: fc.integer({ min: 1, max: 70 }), balance: fc.integer({ min: 0, max: 400 }), id: fc.uuid() })
  .map((r) => ({ id: r.id, productCode: r.productCode, receivedDay: day(r.received), expiryDate: day(r.received + r.life), balance: r.balance }));

const expectedArb: fc.Arbitrary<ExpectedFacts> = fc
  .record({ id: fc.uuid(), productCode: productArb, date: fc.integer({ min: -3, max: HORIZON }), doses: fc.integer({ min: 1, max: 500 }) })
  .map((r) => ({ ...r, date: day(r.date) }));

// Doses already given ('done') only exist for today: a future day cannot have vaccinated anyone yet.
const bookingArb: fc.Arbitrary<BookingFacts> = fc
  .record({ n: fc.integer({ min: 0, max: HORIZON }), productCode: fc.option(productArb, { freq: 5 }), pending: fc.integer({ min: 0, max: 60 }), done: fc.integer({ min: 0, max: 10 }) })
  .map((r) => {
    const done = r.n === 0 ? r.done : 0;
    return { day: day(r.n), productCode: r.productCode, booked: r.pending + done, pending: r.pending, done };
  });

const firstDoseArb: fc.Arbitrary<FirstDoseFacts> = fc
  .record({ n: fc.integer({ min: -90, max: HORIZON }), productCode: fc.option(productArb, { freq: 5 }), count: fc.integer({ min: 1, max: 40 }) })
  .map((r) => ({ day: day(r.n), productCode: r.productCode, count: r.count }));

const inputArb: fc.Arbitrary<CapacityInput> = fc
  .record({
    plans: fc.tuple(...Array.from({ length: HORIZON + 1 }, (_, n) => planArb(n))),
    lots: fc.array(lotArb, { maxLength: 8 }),
    expected: fc.array(expectedArb, { maxLength: 5 }),
    bookings: fc.array(bookingArb, { maxLength: 20 }),
    firstDoses: fc.array(firstDoseArb, { maxLength: 10 }),
  })
  .map((r) => ({
    today: TODAY,
    from: TODAY,
    to: day(HORIZON),
    plans: new Map(r.plans.filter((p): p is DayPlan => p !== null).map((p) => [p.day, p])),
    products: PRODUCTS,
    lots: r.lots,
    expected: r.expected,
    bookings: r.bookings,
    firstDoses: r.firstDoses,
    published: new Map(),
  }));

const RUNS = { numRuns: 80 };
const boundsOf = (days: CapacityDay[]) => days.map((d) => d.doseBounded);

describe('capacity rules: properties over random centers', () => {
  it('publishes neither more than the lanes can see nor more than the doses allow, and nothing on a closed day', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const days = capacityFor(input);
        expect(days).toHaveLength(HORIZON + 1);
        for (const d of days) {
          expect(d.toPublish).toBeGreaterThanOrEqual(0);
          expect(d.toPublish).toBeLessThanOrEqual(d.throughput);
          expect(d.toPublish).toBeLessThanOrEqual(d.doseBounded);
          expect(d.doseBounded).toBeLessThanOrEqual(d.withExpected);
          expect(d.peopleToMove).toBeGreaterThanOrEqual(0);
          if (!d.open) expect(d.toPublish).toBe(0);
          if (d.rounding) {
            expect(d.rounding.capacity).toBeLessThanOrEqual(d.toPublish);
            expect(d.rounding.capacity % d.rounding.dosesPerVial).toBe(0);
          }
        }
      }),
      RUNS,
    );
  });

  it('flags a day whose published figure is above what it would publish now, and only such a day', () => {
    fc.assert(
      fc.property(inputArb, fc.array(fc.tuple(fc.integer({ min: 0, max: HORIZON }), fc.integer({ min: 0, max: 400 })), { maxLength: 15 }), (input, pubs) => {
        const published = new Map(pubs.map(([n, v]) => [day(n), v]));
        for (const d of capacityFor({ ...input, published })) {
          const p = published.get(d.day) ?? null;
          expect(d.published).toBe(p);
          expect(d.warnings.includes('publishedAbove')).toBe(p !== null && p > d.toPublish);
        }
      }),
      RUNS,
    );
  });

  it('never counts an expected delivery as stock', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        expect(boundsOf(capacityFor(input))).toEqual(boundsOf(capacityFor({ ...input, expected: [] })));
      }),
      RUNS,
    );
  });

  it('more doses on the shelf never lower any day’s dose-bounded capacity', () => {
    fc.assert(
      fc.property(inputArb, lotArb, (input, extra) => {
        const before = boundsOf(capacityFor(input));
        const after = boundsOf(capacityFor({ ...input, lots: [...input.lots, extra] }));
        after.forEach((n, i) => expect(n).toBeGreaterThanOrEqual(before[i]!));
      }),
      RUNS,
    );
  });

  it('more first doses waiting for their second never raise any day’s dose-bounded capacity', () => {
    fc.assert(
      fc.property(inputArb, firstDoseArb, (input, extra) => {
        const before = boundsOf(capacityFor(input));
        const after = boundsOf(capacityFor({ ...input, firstDoses: [...input.firstDoses, extra] }));
        after.forEach((n, i) => expect(n).toBeLessThanOrEqual(before[i]!));
      }),
      RUNS,
    );
  });

  it('a lot counts on no day from its expiry date on', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 0, max: HORIZON }), (input, cut) => {
        // Every lot expires on day `cut` at the latest: from then on only doses given today count.
        const lots = input.lots.map((l) => (l.expiryDate > day(cut) ? { ...l, expiryDate: day(cut) } : l));
        const days = capacityFor({ ...input, lots });
        for (const d of days.filter((x) => x.day >= day(cut))) {
          const doneToday = d.day === TODAY ? input.bookings.filter((b) => b.day === TODAY).reduce((n, b) => n + b.done, 0) : 0;
          expect(d.doseBounded).toBeLessThanOrEqual(doneToday);
          expect(d.onHand).toBe(0);
        }
      }),
      RUNS,
    );
  });

  it('what-if changes nothing, and lists exactly the days that get more people to move', () => {
    fc.assert(
      fc.property(
        inputArb.filter((i) => i.expected.length > 0),
        fc.nat(),
        fc.oneof(
          fc.constant({ kind: 'cancelled' as const }),
          fc.integer({ min: 0, max: 499 }).map((doses) => ({ kind: 'short' as const, doses })),
          fc.integer({ min: 1, max: 20 }).map((late) => ({ kind: 'late' as const, late })),
        ),
        (input, pick, change) => {
          const target = input.expected[pick % input.expected.length]!;
          const s =
            change.kind === 'late'
              ? { deliveryId: target.id, kind: 'late' as const, date: addDays(target.date, change.late) }
              : change.kind === 'short'
                ? { deliveryId: target.id, kind: 'short' as const, doses: Math.min(change.doses, target.doses - 1) }
                : { deliveryId: target.id, kind: 'cancelled' as const };
          const snapshot = JSON.stringify(capacityFor(input));
          const r = whatIf(input, s);
          expect(JSON.stringify(capacityFor(input))).toBe(snapshot);
          const before = capacityFor(input);
          for (const d of r.days) {
            expect(d.peopleToMoveAfter).toBeGreaterThan(d.peopleToMoveBefore);
            expect(d.productCode).toBe(target.productCode);
            if (s.kind !== 'late') expect(d.dosesAfter).toBeLessThanOrEqual(d.dosesBefore);
          }
          expect(r.peopleToMove).toBe(r.days.reduce((n, d) => n + d.peopleToMoveAfter - d.peopleToMoveBefore, 0));
          // Never touches real stock; fewer doses never add doses on any day (a late delivery may: the booking it served moves).
          const expected = input.expected.flatMap((e) => (e.id !== target.id ? [e] : s.kind === 'cancelled' ? [] : s.kind === 'short' ? [{ ...e, doses: s.doses }] : [{ ...e, date: s.date }]));
          const after = capacityFor({ ...input, expected });
          after.forEach((a, i) => {
            expect(a.doseBounded).toBe(before[i]!.doseBounded);
            if (s.kind !== 'late') expect(a.withExpected).toBeLessThanOrEqual(before[i]!.withExpected);
            expect(r.days.some((d) => d.day === a.day)).toBe(a.peopleToMove > before[i]!.peopleToMove);
          });
        },
      ),
      RUNS,
    );
  });

  // Found by the property above: a Vaxzevria second dose due on a Comirnaty-only day put the whole
  // Vaxzevria shelf into that day's capacity, with no Comirnaty at all.
  it('a product the day does not use serves its booked people but opens no new places', () => {
    const plan: DayPlan = { day: day(12), open: true, opensAt: '08:00', closesAt: '12:00', slotMinutes: 60, lanes: 2, perLane: 2, products: ['COMIRNATY'] };
    const base: CapacityInput = {
      today: TODAY,
      from: day(12),
      to: day(12),
      plans: new Map([[plan.day, plan]]),
      products: PRODUCTS,
      lots: [{ id: 'v', productCode: 'VAXZEVRIA', receivedDay: day(-10), expiryDate: day(60), balance: 10 }],
      expected: [],
      bookings: [],
      firstDoses: [],
      published: new Map(),
    };
    expect(capacityFor(base)[0]).toMatchObject({ doseBounded: 0, toPublish: 0 });
    expect(capacityFor({ ...base, firstDoses: [{ day: addDays(day(12), -84), productCode: 'VAXZEVRIA', count: 1 }] })[0]).toMatchObject({ doseBounded: 0, toPublish: 0, holdBack: 1 });
    expect(capacityFor({ ...base, bookings: [{ day: day(12), productCode: 'VAXZEVRIA', booked: 3, pending: 3, done: 0 }] })[0]).toMatchObject({ doseBounded: 3, toPublish: 3, booked: 3, warnings: [] });
  });
});
