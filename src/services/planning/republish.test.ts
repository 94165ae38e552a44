import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { dayCapacity } from './index';

/**
 * Published capacity is computed from the doses at the moment of publishing. When doses are lost
 * afterwards, the published figure is above what the center can vaccinate: the calendar must say
 * so (publishedAbove) until the coordinator publishes again, and reception's guard then reads the
 * new, smaller figure.
 */
const DAY = '2021-03-02';
let t: TestApp;
let tok: string;
beforeEach(async () => {
  t = testApp({ clockStart: '2021-03-01T09:00:00.000Z' });
  tok = await t.setup();
});
afterEach(() => t.cleanup());

const view = async () => (await t.must('capacity.view', { from: DAY, to: DAY }, tok)).days[0]!;

describe('published capacity above the doses', () => {
  it('is flagged after stock is wasted, and cleared by publishing again', async () => {
    const lot = await t.must('deliveries.receive', { productCode: 'COMIRNATY', lots: [{ lotNumber: 'EW1001', expiryDate: '2021-06-30', vials: 10, dosesPerVial: 6 }] }, tok);
    // 09:00-12:00 in 15-minute slots, 2 lanes of 2: 48 people; 60 doses.
    await t.must('plans.setDay', { day: DAY, open: true, opensAt: '09:00', closesAt: '12:00', slotMinutes: 15, lanes: 2, perLane: 2, products: ['COMIRNATY'] }, tok);
    expect((await t.must('capacity.publish', { from: DAY, to: DAY }, tok)).days).toEqual([{ day: DAY, published: 48 }]);
    expect(await view()).toMatchObject({ toPublish: 48, published: 48, warnings: [] });

    await t.must('stock.correct', { lotId: lot.lots[0]!.lotId, kind: 'wasted', delta: -30, reason: 'fridge failure' }, tok);
    expect(await view()).toMatchObject({ doseBounded: 30, toPublish: 30, published: 48, warnings: ['publishedAbove'] });
    // Until then reception still reads the stale figure: that is what the warning is for.
    expect(dayCapacity(t.core.store, DAY)).toMatchObject({ open: true, published: 48 });

    const again = await t.must('capacity.publish', { from: DAY, to: DAY }, tok);
    expect(again).toMatchObject({ version: 2, changed: true, days: [{ day: DAY, published: 30 }] });
    expect(await view()).toMatchObject({ toPublish: 30, published: 30, warnings: [] });
    expect(dayCapacity(t.core.store, DAY)).toMatchObject({ published: 30 });
    expect(t.core.store.outbox.forResource('capacity').map((e) => JSON.parse(e.payload))).toEqual([{ version: 1 }, { version: 2 }]);
  });

  it('is not flagged when a publish rounded down to whole vials', async () => {
    await t.must('deliveries.receive', { productCode: 'COMIRNATY', lots: [{ lotNumber: 'EW1002', expiryDate: '2021-06-30', vials: 5, dosesPerVial: 6 }] }, tok);
    await t.must('plans.setDay', { day: DAY, open: true, opensAt: '09:00', closesAt: '12:00', slotMinutes: 15, lanes: 2, perLane: 2, products: ['COMIRNATY'] }, tok);
    await t.must('stock.correct', { lotId: (await t.must('stock.overview', {}, tok)).lots[0]!.lotId, kind: 'wasted', delta: -2, reason: 'dropped vial' }, tok);
    expect(await view()).toMatchObject({ toPublish: 28, rounding: { capacity: 24 } });
    expect((await t.must('capacity.publish', { from: DAY, to: DAY, roundToVials: true }, tok)).days).toEqual([{ day: DAY, published: 24 }]);
    expect(await view()).toMatchObject({ published: 24, warnings: [] });
  });
});
