import { describe, expect, it } from 'vitest';
import { correctionProblem, expiryState, isUsable } from './stock';

describe('stock rules', () => {
  it('stops counting a lot on its expiry date', () => {
    const lot = { receivedDay: '2021-04-01', expiryDate: '2021-04-10' };
    expect(isUsable(lot, '2021-03-31')).toBe(false);
    expect(isUsable(lot, '2021-04-09')).toBe(true);
    expect(isUsable(lot, '2021-04-10')).toBe(false);
    expect(expiryState('2021-04-10', '2021-04-10')).toBe('expired');
    expect(expiryState('2021-04-10', '2021-04-03')).toBe('soon');
    expect(expiryState('2021-04-10', '2021-04-02')).toBe('ok');
  });

  it('refuses corrections that would make stock negative, or that are zero or absurd', () => {
    expect(correctionProblem(5, 60, -5)).toBeNull();
    expect(correctionProblem(5, 60, -6)).toMatch(/Only 5 doses are left.*at most −5/);
    expect(correctionProblem(5, 60, 0)).toMatch(/changes nothing/);
    expect(correctionProblem(5, 60, 200)).toMatch(/far more doses/);
    expect(correctionProblem(5, 60, 1)).toBeNull();
  });
});
