import { describe, expect, it } from 'vitest';
import { punctuality, splitMinutes } from './punctuality';

const start = '2021-03-01T07:00:00.000Z'; // 08:00 in Brussels

describe('punctuality', () => {
  it('is on time within a quarter of an hour either way', () => {
    expect(punctuality(start, '2021-03-01T07:15:00.000Z')).toEqual({ kind: 'onTime' });
    expect(punctuality(start, '2021-03-01T06:45:00.000Z')).toEqual({ kind: 'onTime' });
  });
  it('counts the minutes late beyond it (08:00 checked in at 20:05)', () => {
    expect(punctuality(start, '2021-03-01T19:05:00.000Z')).toEqual({ kind: 'late', minutes: 725 });
    expect(punctuality(start, new Date('2021-03-01T07:16:00.000Z'))).toEqual({ kind: 'late', minutes: 16 });
  });
  it('and early', () => {
    expect(punctuality(start, '2021-03-01T06:20:00.000Z')).toEqual({ kind: 'early', minutes: 40 });
  });
  it('splits minutes into hours and minutes', () => {
    expect(splitMinutes(725)).toEqual({ h: 12, m: 5 });
    expect(splitMinutes(40)).toEqual({ h: 0, m: 40 });
  });
});
