import { describe, expect, it } from 'vitest';
import { leftoverInOpenVial } from './leftover';

const times = (n: number, start = Date.parse('2021-03-01T08:00:00.000Z')) => Array.from({ length: n }, (_, k) => new Date(start + k * 60_000).toISOString());
const now = new Date('2021-03-01T12:00:00.000Z');

describe('doses left in opened vials', () => {
  it('finds the open vial and its remaining doses', () => {
    expect(leftoverInOpenVial({ dosesPerVial: 6, openVialHours: 6, doseTimes: times(8), balance: 100 }, now)).toEqual({
      openedVials: 2,
      dosesLeft: 4,
      openedAt: '2021-03-01T08:06:00.000Z',
      usableUntil: '2021-03-01T14:06:00.000Z',
      expired: false,
    });
  });

  it('has nothing left when the last vial is used up, and nothing when none was opened', () => {
    expect(leftoverInOpenVial({ dosesPerVial: 6, openVialHours: 6, doseTimes: times(12), balance: 100 }, now).dosesLeft).toBe(0);
    expect(leftoverInOpenVial({ dosesPerVial: 6, openVialHours: 6, doseTimes: [], balance: 100 }, now)).toMatchObject({ openedVials: 0, dosesLeft: 0 });
  });

  it('never promises more than the stock, and says when the vial is past its hours', () => {
    expect(leftoverInOpenVial({ dosesPerVial: 10, openVialHours: 6, doseTimes: times(1), balance: 3 }, now).dosesLeft).toBe(3);
    expect(leftoverInOpenVial({ dosesPerVial: 10, openVialHours: 2, doseTimes: times(1), balance: 9 }, now)).toMatchObject({ dosesLeft: 9, expired: true });
  });
});
