import JsBarcode from 'jsbarcode';

export interface Bars {
  /** Width in modules (narrowest bar = 1), quiet zones included. */
  modules: number;
  /** Dark bars as [start, width] in modules, adjacent modules merged. */
  bars: [number, number][];
}

const QUIET = 10;

/**
 * Code 128 bars of an invitation code, through JsBarcode's object renderer: it only encodes, and
 * React draws the SVG, so nothing touches the DOM behind React's back and no style attribute is
 * set (the CSP forbids inline styles). Scanners at the desk read Code 128 and type the code + Enter.
 */
export function code128Bars(value: string): Bars {
  const target: { encodings?: { data: string }[] } = {};
  let valid = true;
  JsBarcode(target, value, { format: 'CODE128', valid: (v: boolean) => (valid = v) });
  if (!valid || !target.encodings) throw new Error(`not encodable as Code 128: ${value}`);
  const data = target.encodings.map((e) => e.data).join('');
  const bars: [number, number][] = [];
  let i = 0;
  while (i < data.length) {
    if (data[i] === '1') {
      let j = i;
      while (j < data.length && data[j] === '1') j++;
      bars.push([QUIET + i, j - i]);
      i = j;
    } else i++;
  }
  return { modules: data.length + 2 * QUIET, bars };
}
