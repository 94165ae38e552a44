import { describe, expect, it } from 'vitest';
import { productGuards, unresolvedOutcome } from './product-match';

const base = { lotProduct: 'SPIKEVAX', appointmentProduct: 'SPIKEVAX', doseNumber: 1, previousDose: null };

describe('productGuards', () => {
  it('lets a lot of the booked product through', () => {
    expect(productGuards(base)).toEqual([]);
  });
  it('stops a lot of another product than the appointment', () => {
    expect(productGuards({ ...base, lotProduct: 'VAXZEVRIA' })).toEqual([{ guard: 'product', expected: 'SPIKEVAX', given: 'VAXZEVRIA' }]);
  });
  it('says nothing about the product when the appointment names none and there is no earlier dose', () => {
    expect(productGuards({ ...base, appointmentProduct: null, lotProduct: 'JCOVDEN' })).toEqual([]);
  });
  it('stops a second dose of another product than the first, even when the booking names none', () => {
    expect(productGuards({ ...base, appointmentProduct: null, doseNumber: 2, lotProduct: 'COMIRNATY', previousDose: { productCode: 'SPIKEVAX', date: '2021-03-01' } })).toEqual([
      { guard: 'seriesProduct', expected: 'SPIKEVAX', given: 'COMIRNATY', previousDate: '2021-03-01' },
    ]);
  });
  it('stops a second dose matching a booking that itself differs from the first dose', () => {
    expect(productGuards({ ...base, doseNumber: 2, previousDose: { productCode: 'COMIRNATY', date: '2021-03-01' } })).toEqual([
      { guard: 'seriesProduct', expected: 'COMIRNATY', given: 'SPIKEVAX', previousDate: '2021-03-01' },
    ]);
  });
  it('shows one banner when booking and first dose agree and the lot differs from both', () => {
    expect(productGuards({ ...base, doseNumber: 2, lotProduct: 'VAXZEVRIA', previousDose: { productCode: 'SPIKEVAX', date: '2021-03-01' } }).map((g) => g.guard)).toEqual(['product']);
  });
  it('shows both when booking, first dose and lot are three different products', () => {
    expect(productGuards({ ...base, doseNumber: 2, lotProduct: 'VAXZEVRIA', previousDose: { productCode: 'COMIRNATY', date: '2021-03-01' } }).map((g) => g.guard)).toEqual(['product', 'seriesProduct']);
  });
  it('ignores the previous dose of a first dose (a new series)', () => {
    expect(productGuards({ ...base, previousDose: { productCode: 'COMIRNATY', date: '2021-03-01' } })).toEqual([]);
  });
  it('keeps only the guards not overridden', () => {
    const g = productGuards({ ...base, doseNumber: 2, lotProduct: 'VAXZEVRIA', previousDose: { productCode: 'COMIRNATY', date: '2021-03-01' } });
    expect(unresolvedOutcome(g, ['product']).map((x) => x.guard)).toEqual(['seriesProduct']);
    expect(unresolvedOutcome(g, ['product', 'seriesProduct'])).toEqual([]);
  });
});
