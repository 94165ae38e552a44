import { describe, expect, it } from 'vitest';
import { csvCell, neutraliseCell, toCsv } from './csv';

describe('CSV cells', () => {
  it('neutralises every cell that a spreadsheet would run as a formula', () => {
    for (const s of ['=1+1', '+32470', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://x","y")']) {
      expect(neutraliseCell(s)).toBe(`'${s}`);
    }
    expect(neutraliseCell('Van den Bossche')).toBe('Van den Bossche');
    expect(neutraliseCell('a=b')).toBe('a=b');
    expect(neutraliseCell(-3)).toBe('-3');
    expect(neutraliseCell(Number.NaN)).toBe('');
    expect(neutraliseCell(null)).toBe('');
  });

  it('quotes separators, quotes and line breaks, after neutralising', () => {
    expect(csvCell('Dupont, Jean')).toBe('"Dupont, Jean"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('writes a BOM and CRLF lines', () => {
    expect(toCsv([['a', 1], ['=x', null]])).toBe("\uFEFFa,1\r\n'=x,\r\n");
  });
});
