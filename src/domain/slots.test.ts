import { describe, expect, it } from 'vitest';
import { daySlots, distribute, hoursProblem, isoWeekday, throughput, type DayPlan } from './slots';

const plan = (day: string, over: Partial<DayPlan> = {}): DayPlan => ({ day, open: true, opensAt: '08:00', closesAt: '20:00', slotMinutes: 60, lanes: 6, perLane: 4, products: ['COMIRNATY'], ...over });

describe('slots of a day plan', () => {
  it('cuts a normal day into slots of lanes × people per lane', () => {
    const s = daySlots(plan('2021-03-22'));
    expect(s).toHaveLength(12);
    expect(s[0]).toMatchObject({ localTime: '08:00', startAt: '2021-03-22T07:00:00.000Z', endAt: '2021-03-22T08:00:00.000Z', capacity: 24 });
    expect(s[11]!.localTime).toBe('19:00');
    expect(throughput(plan('2021-03-22'))).toBe(288);
  });

  it('keeps wall-clock times and counts on 2021-03-28 (spring forward) while UTC moves one hour', () => {
    const before = daySlots(plan('2021-03-27'));
    const dst = daySlots(plan('2021-03-28'));
    expect(dst).toHaveLength(12);
    expect(before[0]!.startAt).toBe('2021-03-27T07:00:00.000Z');
    expect(dst[0]!.startAt).toBe('2021-03-28T06:00:00.000Z');
    expect(dst.map((s) => s.localTime)).toEqual(before.map((s) => s.localTime));
  });

  it('loses the missing 02:00 hour in a night opening on 2021-03-28', () => {
    const s = daySlots(plan('2021-03-28', { opensAt: '00:00', closesAt: '06:00' }));
    expect(s.map((x) => x.localTime)).toEqual(['00:00', '01:00', '03:00', '04:00', '05:00']);
    expect(s[1]!.endAt).toBe(s[2]!.startAt);
    expect(throughput(plan('2021-03-28', { opensAt: '00:00', closesAt: '06:00' }))).toBe(5 * 24);
  });

  it('gets 02:00 twice in a night opening on 2021-10-31 (fall back), and day slots move back to UTC+1', () => {
    const s = daySlots(plan('2021-10-31', { opensAt: '00:00', closesAt: '06:00' }));
    expect(s.map((x) => x.localTime)).toEqual(['00:00', '01:00', '02:00', '02:00', '03:00', '04:00', '05:00']);
    expect(new Set(s.map((x) => x.startAt)).size).toBe(7);
    const day = daySlots(plan('2021-10-31', { slotMinutes: 15 }));
    expect(day).toHaveLength(48);
    expect(day[0]!.startAt).toBe('2021-10-31T07:00:00.000Z');
    expect(daySlots(plan('2021-10-30', { slotMinutes: 15 }))[0]!.startAt).toBe('2021-10-30T06:00:00.000Z');
  });

  it('has no slots on a closed day or without lanes', () => {
    expect(daySlots(plan('2021-03-22', { open: false }))).toEqual([]);
    expect(daySlots(plan('2021-03-22', { lanes: 0 }))).toEqual([]);
  });

  it('refuses hours that cannot work, saying what to fix', () => {
    expect(hoursProblem({ opensAt: '20:00', closesAt: '08:00', slotMinutes: 15 })).toMatchObject({ field: 'closesAt', message: expect.stringMatching(/must be after/) });
    expect(hoursProblem({ opensAt: '08:00', closesAt: '08:00', slotMinutes: 15 })?.field).toBe('closesAt');
    expect(hoursProblem({ opensAt: '08:00', closesAt: '09:00', slotMinutes: 90 })).toMatchObject({ field: 'slotMinutes', message: expect.stringMatching(/shorter slot/) });
    expect(hoursProblem({ opensAt: '08:00', closesAt: '20:10', slotMinutes: 15 })).toMatchObject({ field: 'slotMinutes', message: expect.stringMatching(/730 minutes .* 15 minutes.*10/) });
    expect(hoursProblem({ opensAt: '08:00', closesAt: '20:00', slotMinutes: 15 })).toBeNull();
  });

  it('spreads a published total over the slots, never above a slot, early slots first', () => {
    const s = daySlots(plan('2021-03-22', { opensAt: '08:00', closesAt: '11:00' }));
    expect(distribute(s, 50).map((x) => x.capacity)).toEqual([17, 17, 16]);
    expect(distribute(s, 1000).map((x) => x.capacity)).toEqual([24, 24, 24]);
    expect(distribute(s, 0).map((x) => x.capacity)).toEqual([0, 0, 0]);
  });

  it('numbers weekdays from Monday', () => {
    expect(isoWeekday('2021-03-22')).toBe(1);
    expect(isoWeekday('2021-03-28')).toBe(7);
  });
});
