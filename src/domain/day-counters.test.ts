import { describe, expect, it } from 'vitest';
import { dayCounters, type DayRow } from './day-counters';

const row = (startAt: string, status: DayRow['status'], arrived = false, vaccinated = false): DayRow => ({ startAt, status, arrived, vaccinated });

describe('day counters', () => {
  it('counts per Brussels hour, across the spring DST change', () => {
    // 2021-03-28: 08:30 Brussels is 06:30 UTC (summer time since 02:00).
    const c = dayCounters([
      row('2021-03-28T06:30:00.000Z', 'booked'),
      row('2021-03-28T06:45:00.000Z', 'arrived', true),
      row('2021-03-28T07:00:00.000Z', 'fulfilled', true, true),
      row('2021-03-28T07:15:00.000Z', 'noshow'),
      row('2021-03-28T07:30:00.000Z', 'cancelled'),
    ]);
    expect(c.hours).toEqual([
      { hour: '08:00', expected: 2, arrived: 1, vaccinated: 0, stillToCome: 1, noshows: 0 },
      { hour: '09:00', expected: 2, arrived: 1, vaccinated: 1, stillToCome: 0, noshows: 1 },
    ]);
    expect(c.total).toEqual({ expected: 4, arrived: 2, vaccinated: 1, stillToCome: 1, noshows: 1 });
  });

  it('is empty for an empty day', () => {
    expect(dayCounters([])).toEqual({ total: { expected: 0, arrived: 0, vaccinated: 0, stillToCome: 0, noshows: 0 }, hours: [] });
  });
});
