import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkNiss, makeNiss, maskNiss, stripNiss } from './niss';

describe('national register number', () => {
  it.each([
    ['85073003328', '1985-07-30', 'M'],
    ['17073003384', '2017-07-30', 'M'],
    ['85.07.30-033.28', '1985-07-30', 'M'],
    ['85 07 30 033 28', '1985-07-30', 'M'],
  ])('accepts %s', (raw, birth, sex) => {
    const r = checkNiss(raw);
    expect(r).toMatchObject({ ok: true, birthDate: birth, sex, bis: false });
  });

  it('accepts bis numbers with sex known (+40) and unknown (+20)', () => {
    expect(checkNiss('98472899765')).toMatchObject({ ok: true, bis: true, birthDate: '1998-07-28' });
    expect(checkNiss('01490700185')).toMatchObject({ ok: true, bis: true, birthDate: '2001-09-07' });
    const unknownSex = makeNiss('1990-05-12', 17, { bis: 'unknown' });
    expect(checkNiss(unknownSex)).toMatchObject({ ok: true, bis: true, sex: null, birthDate: '1990-05-12' });
  });

  it('rejects a typo with a checksum reason, and bad shapes with a format reason', () => {
    expect(checkNiss('85073003329')).toEqual({ ok: false, reason: 'checksum' });
    expect(checkNiss('85073003382')).toEqual({ ok: false, reason: 'checksum' });
    expect(checkNiss('8507300332')).toEqual({ ok: false, reason: 'format' });
    expect(checkNiss('85O73003328')).toEqual({ ok: false, reason: 'format' });
    expect(checkNiss('')).toEqual({ ok: false, reason: 'format' });
  });

  it('rejects impossible dates that pass the checksum', () => {
    const feb30 = makeNiss('1985-02-28', 1).replace(/^850228/, '850230');
    // Recompute a checksum for the impossible date so only the date is wrong.
    const nine = feb30.slice(0, 9);
    const cc = 97 - Number(BigInt(nine) % 97n);
    expect(checkNiss(nine + String(cc).padStart(2, '0'))).toEqual({ ok: false, reason: 'date' });
  });

  it('round-trips generated numbers of both centuries (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2021-12-31'), noInvalidDate: true }), fc.integer({ min: 1, max: 997 }), (d, counter) => {
        const birth = d.toISOString().slice(0, 10);
        const r = checkNiss(makeNiss(birth, counter));
        return r.ok && r.birthDate === birth && r.sex === (counter % 2 === 1 ? 'M' : 'F');
      }),
    );
  });

  it('masks all but the last digits', () => {
    expect(maskNiss('85073003328')).toBe('••.••.••-•33.28');
    expect(maskNiss('85073003328')).not.toContain('850730');
    expect(stripNiss(' 85.07.30-033.28 ')).toBe('85073003328');
  });
});
