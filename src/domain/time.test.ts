import { describe, expect, it } from 'vitest';
import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { CENTER_TZ, localDate, localTime } from './time';

// The reference: date-fns with the full time-zone computation, which localDate/localTime shortcut.
const refDate = (ms: number) => format(new TZDate(ms, CENTER_TZ), 'yyyy-MM-dd');
const refTime = (ms: number) => format(new TZDate(ms, CENTER_TZ), 'HH:mm');

describe('Brussels wall-clock date and time', () => {
  it('matches the full time-zone computation every minute around both 2021 DST changes', () => {
    for (const day of ['2021-03-27T22:00:00Z', '2021-10-30T22:00:00Z']) {
      const from = Date.parse(day);
      for (let ms = from; ms < from + 6 * 3_600_000; ms += 60_000) {
        expect([localDate(ms), localTime(ms)]).toEqual([refDate(ms), refTime(ms)]);
      }
    }
  });

  it('knows the jumps: 01:59 UTC+1 is followed by 03:00 in spring, 02:59 UTC+2 by 02:00 in autumn', () => {
    expect(localTime('2021-03-28T00:59:00Z')).toBe('01:59');
    expect(localTime('2021-03-28T01:00:00Z')).toBe('03:00');
    expect(localTime('2021-10-31T00:59:00Z')).toBe('02:59');
    expect(localTime('2021-10-31T01:00:00Z')).toBe('02:00');
    expect(localDate('2021-06-30T22:30:00Z')).toBe('2021-07-01');
    expect(localDate('2021-12-31T22:59:59Z')).toBe('2021-12-31');
    expect(localDate('2021-12-31T23:00:00Z')).toBe('2022-01-01');
  });

  it('matches the reference on instants spread over 150 years, strings, numbers and dates alike', () => {
    let seed = 42;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const from = Date.parse('1920-01-01T00:00:00Z');
    for (let k = 0; k < 4_000; k++) {
      const ms = from + Math.floor(rnd() * 130 * 365.25 * 86_400_000);
      const forms = [ms, new Date(ms), new Date(ms).toISOString()];
      for (const f of forms) expect([localDate(f), localTime(f)]).toEqual([refDate(ms), refTime(ms)]);
    }
  });

  it('refuses an invalid instant as before', () => {
    expect(() => localDate('not a date')).toThrow(RangeError);
    expect(() => localTime(NaN)).toThrow(RangeError);
  });
});
