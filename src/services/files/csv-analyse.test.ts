import { describe, expect, it } from 'vitest';
import { analyseCsv } from './csv-analyse';
import { decodeText } from './decode';
import { detectDelimiter, readCsv } from './csv-read';
import { parseDate, parseDateTime, parseTime, proposeMapping } from './fields';
import { makeNiss } from '../../domain/niss';

const PRODUCTS = [
  { code: 'COMIRNATY', name: 'Comirnaty' },
  { code: 'SPIKEVAX', name: 'Spikevax' },
  { code: 'VAXZEVRIA', name: 'Vaxzevria' },
  { code: 'JCOVDEN', name: 'Jcovden' },
];
const opts = { products: PRODUCTS, today: '2021-03-01' };
const enc = (s: string) => new TextEncoder().encode(s);
const N1 = makeNiss('1950-03-14', 1);
const N2 = makeNiss('1948-11-02', 2);
const HEAD = 'Code;Rijksregisternummer;Naam;Voornaam;Geboortedatum;Datum;Uur;Dosis;Vaccin;Status;Kanalen';

describe('reading CSV', () => {
  it('detects the delimiter of the header, ignoring those inside quotes', () => {
    expect(detectDelimiter('a;b;c\n1,2;3')).toBe(';');
    expect(detectDelimiter('"a;b",c,d\n')).toBe(',');
    expect(detectDelimiter('a\tb\tc\n')).toBe('\t');
    expect(detectDelimiter('single\n')).toBe(';');
  });
  it('reads quoted cells with delimiters, doubled quotes and line breaks, numbering records by their first line', () => {
    const rows = [...readCsv('a;"b;c"\r\n"x ""y""";"two\nlines"\n\nlast;1', ';')];
    expect(rows).toEqual([
      { kind: 'row', line: 1, cells: ['a', 'b;c'], longCells: [], tooManyColumns: false },
      { kind: 'row', line: 2, cells: ['x "y"', 'two\nlines'], longCells: [], tooManyColumns: false },
      { kind: 'row', line: 5, cells: ['last', '1'], longCells: [], tooManyColumns: false },
    ]);
  });
  it('stops at a quote that is never closed and caps long cells', () => {
    expect([...readCsv('a;b\n"open;x\ny', ';')].at(-1)).toEqual({ kind: 'unclosedQuote', line: 2 });
    const [row] = [...readCsv(`${'x'.repeat(5000)};y`, ';')];
    expect(row).toMatchObject({ longCells: [0] });
    expect((row as { cells: string[] }).cells[0]).toHaveLength(300);
  });
  it('decodes UTF-8 with and without BOM, UTF-16LE, and falls back to Windows-1252', () => {
    expect(decodeText(Uint8Array.from([0xef, 0xbb, 0xbf, 0x4d, 0xc3, 0xbc]))).toEqual({ ok: true, text: 'Mü', encoding: 'utf-8-bom' });
    expect(decodeText(enc('Hélène'))).toEqual({ ok: true, text: 'Hélène', encoding: 'utf-8' });
    expect(decodeText(Uint8Array.from([0x48, 0xe9, 0x6c, 0x80]))).toEqual({ ok: true, text: 'Hél€', encoding: 'windows-1252' });
    expect(decodeText(Uint8Array.from([0xff, 0xfe, 0x41, 0x00, 0xe9, 0x00]))).toEqual({ ok: true, text: 'Aé', encoding: 'utf-16le' });
    expect(decodeText(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toEqual({ ok: false, reason: 'binary' });
    expect(decodeText(new Uint8Array(0))).toEqual({ ok: false, reason: 'empty' });
  });
  it('parses dates, times and date-times and refuses impossible ones', () => {
    expect(parseDate('2021-03-01')).toBe('2021-03-01');
    expect(parseDate('1/3/2021')).toBe('2021-03-01');
    expect(parseDate('29.02.2021')).toBeNull();
    expect(parseDate('2021-02-30')).toBeNull();
    expect(parseDate('31/13/2021')).toBeNull();
    expect(parseTime('9:05')).toBe('09:05');
    expect(parseTime('14u30')).toBe('14:30');
    expect(parseTime('24:00')).toBeNull();
    expect(parseTime('12:60')).toBeNull();
    expect(parseDateTime('2021-03-01 09:30')).toEqual({ date: '2021-03-01', time: '09:30' });
    expect(parseDateTime('2021-03-01T08:30:00Z')).toEqual({ instant: new Date('2021-03-01T08:30:00Z') });
    expect(parseDateTime('2021-03-01T25:30:00Z')).toBeNull();
  });
  it('proposes a mapping from Dutch, French and English headers', () => {
    expect(proposeMapping(HEAD.split(';'))).toEqual({ code: 0, niss: 1, familyName: 2, givenName: 3, birthDate: 4, date: 5, time: 6, doseNumber: 7, product: 8, status: 9, channels: 10 });
    expect(proposeMapping(['Nom', 'Prénom', 'Numéro national', "Code d'invitation", 'Rendez-vous'])).toEqual({ familyName: 0, givenName: 1, niss: 2, code: 3, datetime: 4 });
  });
});

describe('validating an invitation list', () => {
  it('reads a good file into drafts with Brussels times', () => {
    const a = analyseCsv(enc(`${HEAD}\nABC-001;${N1};Peeters;Jan;14/03/1950;02/03/2021;09:30;1;Pfizer;;sms, brief\nABC-002;${N2};Müller;Eva;;2021-03-28;03:00;2;Moderna;geboekt;\n`), opts);
    expect(a.problems).toEqual([]);
    expect(a.drafts).toEqual([
      { line: 2, code: 'ABC-001', person: { niss: N1, familyName: 'Peeters', givenName: 'Jan', birthDate: '1950-03-14' }, startAt: '2021-03-02T08:30:00.000Z', endAt: '2021-03-02T08:40:00.000Z', doseNumber: 1, productCode: 'COMIRNATY', status: 'booked', channels: ['sms', 'letter'] },
      { line: 3, code: 'ABC-002', person: { niss: N2, familyName: 'Müller', givenName: 'Eva', birthDate: '1948-11-02' }, startAt: '2021-03-28T01:00:00.000Z', endAt: '2021-03-28T01:10:00.000Z', doseNumber: 2, productCode: 'SPIKEVAX', status: 'booked', channels: [] },
    ]);
    expect(a.encoding).toBe('utf-8');
    expect(a.delimiter).toBe(';');
  });

  it('reports every bad row with its line and imports none of them', () => {
    const bad = N1.slice(0, 9) + String((Number(N1.slice(9)) % 97) + 1).padStart(2, '0');
    const text = [
      HEAD,
      `C-0001;${bad};Peeters;Jan;;2021-03-02;09:30;1;Comirnaty;;`,
      `C-0002;${N2};Janssens;An;;2021-02-30;09:30;1;Comirnaty;;`,
      `C-0003;${N1};Peeters;Jan;;2021-03-02;24:10;1;Comirnaty;;`,
      `C-0004;${N1};Peeters;Jan;;2021-03-28;02:30;1;Comirnaty;;`,
      `C-0005;${N1};Peeters;Jan;;2021-03-02;10:00;1;Sputnik;;`,
      `C-0006;${N1};Peeters;Jan;;2021-03-02;10:00;1;Comirnaty;;`,
      `C-0006;${N1};Peeters;Jan;;2021-03-02;10:00;1;Comirnaty;;`,
      `C-0007;${N1};Peeters;Jan;;2021-03-03;10:00;1;Comirnaty;;`,
      `C-0008;${N1};Pieters;Jan;;2021-04-03;10:00;2;Comirnaty;;`,
      `C-0009;123;;Jan;2030-01-01;2021-03-02;10:00;x;Comirnaty;later;pigeon`,
    ].join('\n');
    const a = analyseCsv(enc(text), opts);
    const got = a.problems.map((p) => [p.line, p.code]);
    expect(got).toEqual([
      [2, 'niss_checksum'],
      [3, 'date_invalid'],
      [4, 'time_invalid'],
      [5, 'time_nonexistent'],
      [6, 'product_unknown'],
      [8, 'duplicate_row'],
      [9, 'duplicate_dose'],
      [10, 'person_conflict'],
      [11, 'niss_format'],
      [11, 'required'],
      [11, 'birthdate_invalid'],
      [11, 'dose_invalid'],
      [11, 'status_unknown'],
      [11, 'channel_unknown'],
    ]);
    expect(a.problems[0]!.message).toMatch(/^Line 2: national number .* check digits/);
    expect(a.drafts).toEqual([]);
    expect(a.rows).toBe(10);
  });

  it('names the missing columns before reading any row', () => {
    const a = analyseCsv(enc(`Naam;Voornaam\nPeeters;Jan\n`), opts);
    expect(a.problems.map((p) => [p.code, p.field])).toEqual([
      ['column_missing', 'code'],
      ['column_missing', 'niss'],
      ['column_missing', 'date'],
    ]);
    expect(a.drafts).toEqual([]);
  });

  it('uses the mapping the person chose instead of the proposed one', () => {
    const a = analyseCsv(enc(`a,b,c,d\nX-1234,${N1},Peeters,2021-03-02T09:30\n`), { ...opts, mapping: { code: 0, niss: 1, familyName: 2, datetime: 3 } });
    expect(a.problems).toEqual([]);
    expect(a.drafts[0]).toMatchObject({ code: 'X-1234', startAt: '2021-03-02T08:30:00.000Z', person: { birthDate: '1950-03-14' } });
    const clash = analyseCsv(enc(`a,b\n1,2\n`), { ...opts, mapping: { code: 0, niss: 0, familyName: 1, datetime: 9 } });
    expect(clash.problems.map((p) => p.code)).toEqual(['column_twice', 'column_unknown']);
  });

  it('turns away random bytes, an empty file and a header without rows with one clear problem', () => {
    const random = new Uint8Array(1024 * 1024);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    expect(analyseCsv(random, opts).problems.map((p) => p.code)).toEqual(['file_binary']);
    expect(analyseCsv(new Uint8Array(0), opts).problems.map((p) => p.code)).toEqual(['file_empty']);
    expect(analyseCsv(enc(`${HEAD}\n`), opts).problems.map((p) => p.code)).toEqual(['no_rows']);
  });

  it('drops the rest of a row past 60 columns unread, so millions of delimiters take no time', () => {
    const started = Date.now();
    const a = analyseCsv(enc(`${HEAD}\n${';'.repeat(3_000_000)}\n"x;\n";${';'.repeat(100)}\nA`), opts);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(a.problems.filter((p) => p.code === 'too_many_columns').map((p) => p.line)).toEqual([2, 3]);
    expect(a.rows).toBe(3);
  });

  it('reports an unclosed quote with its line', () => {
    const a = analyseCsv(enc(`${HEAD}\nA-0001;${N1};"Peeters;Jan\n`), opts);
    expect(a.problems.map((p) => [p.line, p.code])).toEqual([[2, 'unclosed_quote']]);
  });
});
