import { describe, expect, it } from 'vitest';
import { capacityFor, whatIf, type CapacityInput, type ProductFacts } from './capacity';
import type { DayPlan } from './slots';
import { addDays } from './time';

const TODAY = '2021-04-01';
const PRODUCTS: ProductFacts[] = [
  { code: 'COMIRNATY', dosesPerVial: 6, dosesInSeries: 2, plannedIntervalDays: 35 },
  { code: 'VAXZEVRIA', dosesPerVial: 10, dosesInSeries: 2, plannedIntervalDays: 84 },
  { code: 'JCOVDEN', dosesPerVial: 5, dosesInSeries: 1, plannedIntervalDays: null },
];
// 08:00-20:00, 60-minute slots, 6 lanes × 4 = 288 people a day: doses, not lanes, are the limit here.
const open = (day: string, products: string[]): DayPlan => ({ day, open: true, opensAt: '08:00', closesAt: '20:00', slotMinutes: 60, lanes: 6, perLane: 4, products });

function input(over: Partial<CapacityInput> & { openDays?: Record<string, string[]> }): CapacityInput {
  const plans = new Map<string, DayPlan>();
  for (const [d, p] of Object.entries(over.openDays ?? {})) plans.set(d, open(d, p));
  return { today: TODAY, from: TODAY, to: addDays(TODAY, 90), plans, products: PRODUCTS, lots: [], expected: [], bookings: [], firstDoses: [], published: new Map(), ...over };
}
const dayOf = (days: ReturnType<typeof capacityFor>, d: string) => days.find((x) => x.day === d)!;
const prod = (days: ReturnType<typeof capacityFor>, d: string, code: string) => dayOf(days, d).products.find((p) => p.productCode === code);

describe('dose-bounded capacity', () => {
  it('holds back second doses of two products at once, each at its own planned interval', () => {
    const c35 = addDays(TODAY, 35);
    const v84 = addDays(TODAY, 84);
    const days = capacityFor(
      input({
        openDays: { [TODAY]: ['COMIRNATY', 'VAXZEVRIA'], [addDays(TODAY, 1)]: ['COMIRNATY', 'VAXZEVRIA'], [c35]: ['COMIRNATY', 'VAXZEVRIA'], [addDays(c35, 1)]: ['COMIRNATY', 'VAXZEVRIA'], [v84]: ['COMIRNATY', 'VAXZEVRIA'], [addDays(v84, 1)]: ['COMIRNATY', 'VAXZEVRIA'] },
        lots: [
          { id: 'c', productCode: 'COMIRNATY', receivedDay: '2021-03-30', expiryDate: '2021-12-31', balance: 100 },
          { id: 'v', productCode: 'VAXZEVRIA', receivedDay: '2021-03-30', expiryDate: '2021-12-31', balance: 100 },
        ],
        bookings: [
          { day: TODAY, productCode: 'COMIRNATY', booked: 10, pending: 10, done: 0 },
          { day: TODAY, productCode: 'VAXZEVRIA', booked: 20, pending: 20, done: 0 },
        ],
        firstDoses: [
          { day: TODAY, productCode: 'COMIRNATY', count: 10 },
          { day: TODAY, productCode: 'VAXZEVRIA', count: 20 },
        ],
      }),
    );
    expect(dayOf(days, TODAY)).toMatchObject({ doseBounded: 200, booked: 30, holdBack: 0, toPublish: 200 });
    expect(dayOf(days, addDays(TODAY, 1))).toMatchObject({ doseBounded: 90 + 80, holdBack: 0 });
    // Day 35: Comirnaty's ten second doses are held back, Vaxzevria is not due yet.
    expect(prod(days, c35, 'COMIRNATY')).toMatchObject({ holdBack: 10, doseBounded: 80 });
    expect(prod(days, c35, 'VAXZEVRIA')).toMatchObject({ holdBack: 0, doseBounded: 80 });
    expect(prod(days, addDays(c35, 1), 'COMIRNATY')).toMatchObject({ holdBack: 0, doseBounded: 80 });
    // Day 84: Vaxzevria's twenty, and Comirnaty stays at what its second doses left.
    expect(prod(days, v84, 'VAXZEVRIA')).toMatchObject({ holdBack: 20, doseBounded: 60 });
    expect(prod(days, v84, 'COMIRNATY')).toMatchObject({ holdBack: 0, doseBounded: 80 });
    expect(dayOf(days, addDays(v84, 1))).toMatchObject({ doseBounded: 80 + 60, holdBack: 0 });
  });

  it('stops counting a lot on its expiry date, and earlier bookings use the lot that expires first', () => {
    const d = (n: number) => addDays(TODAY, n);
    const days = capacityFor(
      input({
        to: d(10),
        openDays: Object.fromEntries([1, 2, 4, 5, 6].map((n) => [d(n), ['COMIRNATY']])),
        lots: [
          { id: 'a', productCode: 'COMIRNATY', receivedDay: TODAY, expiryDate: d(5), balance: 60 },
          { id: 'b', productCode: 'COMIRNATY', receivedDay: TODAY, expiryDate: '2021-12-31', balance: 30 },
        ],
        bookings: [{ day: d(1), productCode: 'COMIRNATY', booked: 40, pending: 40, done: 0 }],
        // Booked as second doses: nothing to hold back.
      }),
    );
    expect(dayOf(days, d(1)).doseBounded).toBe(90);
    expect(dayOf(days, d(2)).doseBounded).toBe(50);
    expect(dayOf(days, d(4)).doseBounded).toBe(50);
    // Lot a (20 left) expires on day 5; lot b was never touched because a expired first.
    expect(dayOf(days, d(5)).doseBounded).toBe(30);
    expect(dayOf(days, d(6)).doseBounded).toBe(30);
  });

  it('counts expected deliveries apart: a risk with a warning, never stock', () => {
    const d = (n: number) => addDays(TODAY, n);
    const inp = input({
      to: d(10),
      openDays: { [d(1)]: ['VAXZEVRIA'], [d(3)]: ['VAXZEVRIA'], [d(4)]: ['VAXZEVRIA'] },
      lots: [{ id: 'v', productCode: 'VAXZEVRIA', receivedDay: TODAY, expiryDate: '2021-12-31', balance: 100 }],
      expected: [{ id: 'e1', productCode: 'VAXZEVRIA', date: d(3), doses: 200 }],
      bookings: [{ day: d(4), productCode: 'VAXZEVRIA', booked: 150, pending: 150, done: 0 }],
      products: PRODUCTS.map((p) => (p.code === 'VAXZEVRIA' ? { ...p, dosesInSeries: 1, plannedIntervalDays: null } : p)),
    });
    const days = capacityFor(inp);
    expect(dayOf(days, d(1))).toMatchObject({ doseBounded: 100, withExpected: 100, warnings: [] });
    expect(dayOf(days, d(3))).toMatchObject({ doseBounded: 100, withExpected: 300, expectedArriving: 200, toPublish: 100 });
    expect(dayOf(days, d(4))).toMatchObject({ doseBounded: 100, withExpected: 300, booked: 150, toPublish: 100, peopleToMove: 0, warnings: ['dependsOnExpected'] });

    const cancelled = whatIf(inp, { deliveryId: 'e1', kind: 'cancelled' });
    expect(cancelled).toEqual({ peopleToMove: 50, days: [{ day: d(4), booked: 150, capacityBefore: 288, capacityAfter: 100, productCode: 'VAXZEVRIA', productBooked: 150, dosesBefore: 300, dosesAfter: 100, peopleToMoveBefore: 0, peopleToMoveAfter: 50 }] });
    expect(whatIf(inp, { deliveryId: 'e1', kind: 'short', doses: 80 }).peopleToMove).toBe(0);
    expect(whatIf(inp, { deliveryId: 'e1', kind: 'short', doses: 20 }).peopleToMove).toBe(30);
    const late = whatIf(inp, { deliveryId: 'e1', kind: 'late', date: d(6) });
    expect(late.days.map((x) => x.day)).toEqual([d(4)]);
    // What-if changes nothing: the same input still shows the delivery.
    expect(dayOf(capacityFor(inp), d(4)).withExpected).toBe(300);
  });

  it('holds nothing back for single-dose products', () => {
    const d = (n: number) => addDays(TODAY, n);
    const days = capacityFor(
      input({
        openDays: { [TODAY]: ['JCOVDEN'], [d(21)]: ['JCOVDEN'], [d(60)]: ['JCOVDEN'] },
        lots: [{ id: 'j', productCode: 'JCOVDEN', receivedDay: TODAY, expiryDate: '2021-12-31', balance: 50 }],
        bookings: [{ day: TODAY, productCode: 'JCOVDEN', booked: 20, pending: 20, done: 0 }],
        firstDoses: [{ day: TODAY, productCode: 'JCOVDEN', count: 20 }],
      }),
    );
    expect(days.every((x) => x.holdBack === 0)).toBe(true);
    expect(dayOf(days, d(21)).doseBounded).toBe(30);
    expect(dayOf(days, d(60)).doseBounded).toBe(30);
  });

  it('publishes the smaller of throughput and doses, flags over-booking, and proposes whole vials', () => {
    const d = (n: number) => addDays(TODAY, n);
    const days = capacityFor(
      input({
        to: d(3),
        openDays: { [d(1)]: ['COMIRNATY'], [d(2)]: ['COMIRNATY'] },
        lots: [{ id: 'c', productCode: 'COMIRNATY', receivedDay: TODAY, expiryDate: '2021-12-31', balance: 1000 - 936 }],
        bookings: [
          { day: d(2), productCode: 'COMIRNATY', booked: 70, pending: 70, done: 0 },
          { day: d(3), productCode: null, booked: 3, pending: 3, done: 0 },
        ],
      }),
    );
    expect(dayOf(days, d(1))).toMatchObject({ throughput: 288, doseBounded: 64, toPublish: 64, rounding: { capacity: 60, dosesPerVial: 6, dosesSaved: 2 } });
    expect(dayOf(days, d(2))).toMatchObject({ booked: 70, peopleToMove: 6, warnings: ['overBooked'] });
    expect(dayOf(days, d(3))).toMatchObject({ open: false, toPublish: 0, peopleToMove: 3, warnings: ['closedWithBookings'] });
  });

  it('counts doses already given today as part of today’s capacity', () => {
    const days = capacityFor(
      input({
        to: TODAY,
        openDays: { [TODAY]: ['JCOVDEN'] },
        lots: [{ id: 'j', productCode: 'JCOVDEN', receivedDay: TODAY, expiryDate: '2021-12-31', balance: 10 }],
        bookings: [{ day: TODAY, productCode: 'JCOVDEN', booked: 15, pending: 5, done: 10 }],
      }),
    );
    expect(dayOf(days, TODAY)).toMatchObject({ doseBounded: 20, booked: 15, warnings: [] });
  });
});
