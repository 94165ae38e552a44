/**
 * CSV for spreadsheets. A cell that starts with = + - @ (or a tab or carriage return, which some
 * spreadsheets skip before reading a formula) is run as a formula when the file is opened:
 * `=HYPERLINK(...)` in a name would leak data or run commands (OWASP "CSV injection"). Such cells
 * get a leading apostrophe, which spreadsheets show as plain text. Quoting follows RFC 4180.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CsvValue = string | number | boolean | null | undefined;

export function neutraliseCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  // Numbers we produce ourselves are safe, even negative ones; text from people is not.
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function csvCell(value: CsvValue): string {
  const s = neutraliseCell(value);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly CsvValue[]): string {
  return values.map(csvCell).join(',');
}

/** Lines end in CRLF (RFC 4180); the byte-order mark lets Excel read UTF-8 names (é, ü) correctly. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return `\uFEFF${rows.map(csvLine).join('\r\n')}\r\n`;
}
