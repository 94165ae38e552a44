import { describe, expect, it } from 'vitest';
import { code128Bars } from './barcode';

/** Decodes Code 128 module widths back into symbol values, to prove the bars carry the code. */
const PATTERNS = [
  '212222', '222122', '222221', '121223', '121322', '131222', '122213', '122312', '132212', '221213', '221312', '231212', '112232', '122132', '122231', '113222',
  '123122', '123221', '223211', '221132', '221231', '213212', '223112', '312131', '311222', '321122', '321221', '312212', '322112', '322211', '212123', '212321',
  '232121', '111323', '131123', '131321', '112313', '132113', '132311', '211313', '231113', '231311', '112133', '112331', '132131', '113123', '113321', '133121',
  '313121', '211331', '231131', '213113', '213311', '213131', '311123', '311321', '331121', '312113', '312311', '332111', '314111', '221411', '431111', '111224',
  '111422', '121124', '121421', '141122', '141221', '112214', '112412', '122114', '122411', '142112', '142211', '241211', '221114', '413111', '241112', '134111',
  '111242', '121142', '121241', '114212', '124112', '124211', '411212', '421112', '421211', '212141', '214121', '412121', '111143', '111341', '131141', '114113',
  '114311', '411113', '411311', '113141', '114131', '311141', '411131', '211412', '211214', '211232',
];

function decode(value: string): string {
  const { modules, bars } = code128Bars(value);
  const bits = Array<string>(modules).fill('0');
  for (const [x, w] of bars) for (let k = 0; k < w; k++) bits[x + k] = '1';
  const runs: number[] = [];
  const s = bits.join('').replace(/^0+|0+$/g, '');
  for (const m of s.match(/1+|0+/g)!) runs.push(m.length);
  const symbols: number[] = [];
  for (let i = 0; i + 6 <= runs.length; i += 6) symbols.push(PATTERNS.indexOf(runs.slice(i, i + 6).join('')));
  expect(symbols[0]).toBe(104); // start B
  const data = symbols.slice(1, -2);
  const check = symbols.at(-2)!;
  expect((104 + data.reduce((sum, v, k) => sum + v * (k + 1), 0)) % 103).toBe(check);
  // JsBarcode switches to code set C (two digits per symbol) for runs of digits, and back with 100.
  let set: 'B' | 'C' = 'B';
  let out = '';
  for (const v of data) {
    if (v === 99) set = 'C';
    else if (v === 100) set = 'B';
    else out += set === 'C' ? String(v).padStart(2, '0') : String.fromCharCode(v + 32);
  }
  return out;
}

describe('Code 128 bars for the paper list', () => {
  it('encodes invitation codes so that decoding the bars gives the code back', () => {
    for (const code of ['DEMO2TODAY01', 'PAPER00003', 'W3F9A0B2C1D4']) expect(decode(code)).toBe(code);
  });
  it('keeps quiet zones on both sides', () => {
    const { modules, bars } = code128Bars('DEMO2TOMOR05');
    expect(bars[0]![0]).toBe(10);
    const last = bars.at(-1)!;
    expect(modules - (last[0] + last[1])).toBe(10);
  });
});
