import { describe, expect, it } from 'vitest';
import { dayReport, type ReportFacts } from './report';

/**
 * A fixture day counted by hand: capacity 4 at 09h and 4 at 10h.
 * 09h: a1 vaccinated (COMIRNATY lot L1 dose 1), a2 vaccinated (L1 dose 2), a3 no-show.
 * 10h: a4 refused, a5 deferred, a6 arrived late (override 'another-day'), vaccinated (VAXZEVRIA V9 dose 1),
 *      w1 walk-in vaccinated (L1 dose 1), a7 no-show, a8 left before vaccination (entered late from paper).
 * Waste: 2 doses of L1 and 1 of L1 again (two records), 3 of V9.
 */
const facts: ReportFacts = {
  date: '2021-04-12',
  capacityByHour: { 9: 4, 10: 4 },
  appointments: [
    { id: 'a1', hour: 9, status: 'fulfilled', walkIn: false },
    { id: 'a2', hour: 9, status: 'fulfilled', walkIn: false },
    { id: 'a3', hour: 9, status: 'noshow', walkIn: false },
    { id: 'a4', hour: 10, status: 'arrived', walkIn: false },
    { id: 'a5', hour: 10, status: 'arrived', walkIn: false },
    { id: 'a6', hour: 10, status: 'fulfilled', walkIn: false },
    { id: 'w1', hour: 10, status: 'fulfilled', walkIn: true },
    { id: 'a7', hour: 10, status: 'noshow', walkIn: false },
    { id: 'a8', hour: 10, status: 'arrived', walkIn: false },
  ],
  arrivals: [
    { invitationId: 'a1', hour: 9, override: null, enteredLate: false },
    { invitationId: 'a2', hour: 9, override: null, enteredLate: false },
    { invitationId: 'a4', hour: 10, override: null, enteredLate: false },
    { invitationId: 'a5', hour: 10, override: null, enteredLate: false },
    { invitationId: 'a6', hour: 10, override: { guard: 'another-day', reason: 'Letter had the wrong date' }, enteredLate: false },
    { invitationId: 'w1', hour: 10, override: null, enteredLate: false },
    { invitationId: 'a8', hour: 10, override: null, enteredLate: true },
  ],
  outcomes: [
    { invitationId: 'a1', hour: 9, kind: 'vaccinated', productCode: 'COMIRNATY', lotNumber: 'L1', doseNumber: 1 },
    { invitationId: 'a2', hour: 9, kind: 'vaccinated', productCode: 'COMIRNATY', lotNumber: 'L1', doseNumber: 2 },
    { invitationId: 'a4', hour: 10, kind: 'refused', productCode: null, lotNumber: null, doseNumber: null },
    { invitationId: 'a5', hour: 10, kind: 'deferred', productCode: null, lotNumber: null, doseNumber: null },
    { invitationId: 'a6', hour: 10, kind: 'vaccinated', productCode: 'VAXZEVRIA', lotNumber: 'V9', doseNumber: 1 },
    { invitationId: 'w1', hour: 10, kind: 'vaccinated', productCode: 'COMIRNATY', lotNumber: 'L1', doseNumber: 1 },
    { invitationId: 'a8', hour: 10, kind: 'left', productCode: null, lotNumber: null, doseNumber: null },
  ],
  waste: [
    { productCode: 'COMIRNATY', lotNumber: 'L1', doses: 2 },
    { productCode: 'VAXZEVRIA', lotNumber: 'V9', doses: 3 },
    { productCode: 'COMIRNATY', lotNumber: 'L1', doses: 1 },
  ],
};

describe('day report figures', () => {
  it('counts the fixture day as done by hand', () => {
    const r = dayReport(facts);
    expect(r.totals).toEqual({
      expected: 8,
      arrived: 7,
      vaccinated: 4,
      refused: 1,
      deferred: 1,
      left: 1,
      noShows: 2,
      walkIns: 1,
      overrides: 1,
      enteredLate: 1,
      wastedDoses: 6,
      capacity: 8,
    });
    expect(r.vaccinations).toEqual([
      { productCode: 'COMIRNATY', lotNumber: 'L1', doseNumber: 1, count: 2 },
      { productCode: 'COMIRNATY', lotNumber: 'L1', doseNumber: 2, count: 1 },
      { productCode: 'VAXZEVRIA', lotNumber: 'V9', doseNumber: 1, count: 1 },
    ]);
    expect(r.overrides).toEqual([{ guard: 'another-day', reason: 'Letter had the wrong date', count: 1 }]);
    expect(r.waste).toEqual([
      { productCode: 'COMIRNATY', lotNumber: 'L1', doses: 3 },
      { productCode: 'VAXZEVRIA', lotNumber: 'V9', doses: 3 },
    ]);
    expect(r.hours).toEqual([
      { hour: 9, capacity: 4, expected: 3, arrived: 2, vaccinated: 2, noShows: 1 },
      { hour: 10, capacity: 4, expected: 5, arrived: 5, vaccinated: 2, noShows: 1 },
    ]);
  });

  it('reports an empty day as zeros, with the capacity hours still listed', () => {
    const r = dayReport({ date: '2021-04-13', appointments: [], arrivals: [], outcomes: [], waste: [], capacityByHour: { 8: 10 } });
    expect(r.totals.expected).toBe(0);
    expect(r.totals.capacity).toBe(10);
    expect(r.hours).toEqual([{ hour: 8, capacity: 10, expected: 0, arrived: 0, vaccinated: 0, noShows: 0 }]);
  });
});
