import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';
import { seedDemo } from './seed';
import './seeders';

let t: TestApp;
afterEach(() => t?.cleanup());

describe('planning demo data', () => {
  // A Sunday: the template closes weekends, but the demo's today stays open for the reception demo.
  it('fills the calendar with lots, expected deliveries, a template over six weeks and a published fortnight', async () => {
    t = testApp({ clockStart: '2021-04-11T07:00:00.000Z' });
    await seedDemo(t, { invitations: 40 });
    const staff = (await t.must('session.status', {})).staff;
    const { token } = await t.must('session.login', { staffId: staff.find((s) => s.displayName === 'Sofie Janssens')!.id, pin: '3333' });
    const cal = await t.must('capacity.view', { from: '2021-04-11', to: '2021-05-22' }, token);
    expect(cal.days).toHaveLength(42);
    expect(cal.days[0]).toMatchObject({ day: '2021-04-11', open: true });
    expect(cal.days.filter((d) => d.open).length).toBe(1 + 30 + 1);
    expect(cal.days.filter((d) => d.published !== null).length).toBeGreaterThanOrEqual(10);
    expect(cal.days.every((d) => d.published === null || d.published <= d.doseBounded + d.booked)).toBe(true);
    const deliveries = await t.must('deliveries.list', { from: '2021-04-01', to: '2021-05-31' }, token);
    expect(deliveries.filter((d) => d.status === 'expected').map((d) => d.productCode)).toEqual(['VAXZEVRIA', 'COMIRNATY']);
    const stock = await t.must('stock.overview', {}, token);
    expect(stock.lots.some((l) => l.lotNumber === 'FA4598' && l.expiry === 'soon')).toBe(true);
    expect(t.core.store.outbox.forResource('capacity')).toHaveLength(1);
  });
});

describe('planning demo: days that depend on the announced AstraZeneca delivery', () => {
  it('shows them at risk, and over-booked in a what-if where the delivery is short', async () => {
    t = testApp({ clockStart: '2021-04-12T07:00:00.000Z' });
    await seedDemo(t, { invitations: 40 });
    const staff = (await t.must('session.status', {})).staff;
    const { token } = await t.must('session.login', { staffId: staff.find((s) => s.displayName === 'Anne Peeters')!.id, pin: '1111' });
    const cal = await t.must('capacity.view', { from: '2021-04-12', to: '2021-04-30' }, token);
    expect(cal.days.filter((d) => d.warnings.includes('dependsOnExpected')).map((d) => d.day)).toContain('2021-04-19');
    const az = (await t.must('deliveries.list', { from: '2021-04-01', to: '2021-05-31' }, token)).find((d) => d.productCode === 'VAXZEVRIA' && d.status === 'expected')!;
    const w = await t.must('capacity.whatIf', { deliveryId: az.id, kind: 'short', doses: 10, from: '2021-04-12', to: '2021-04-30' }, token);
    expect(w.peopleToMove).toBeGreaterThan(0);
  });
});
