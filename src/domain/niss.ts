/**
 * Belgian national register number (INSZ/NISS): YYMMDD NNN CC.
 * CC = 97 - (first nine digits mod 97); for people born in 2000 or later the nine digits are
 * prefixed with 2 first. The century is not written, so a number is valid if either variant is.
 * Bis numbers (people without a national register entry) add 40 (sex known) or 20 (sex unknown)
 * to the month and use the same checksum.
 */
export type NissCheck =
  | { ok: true; niss: string; birthDate: string | null; sex: 'M' | 'F' | null; bis: boolean }
  | { ok: false; reason: 'format' | 'checksum' | 'date' };

/** Strips the separators people and letters use: dots, dashes, spaces, slashes. */
export function stripNiss(raw: string): string {
  return raw.replace(/[\s.\-/]/g, '');
}

export function looksLikeNiss(raw: string): boolean {
  return /^\d{11}$/.test(stripNiss(raw));
}

function checksumFor(nine: string, century2000: boolean): number {
  const n = BigInt((century2000 ? '2' : '') + nine);
  return 97 - Number(n % 97n);
}

export function checkNiss(raw: string): NissCheck {
  const digits = stripNiss(raw);
  if (!/^\d{11}$/.test(digits)) return { ok: false, reason: 'format' };
  const nine = digits.slice(0, 9);
  const cc = Number(digits.slice(9));
  const is1900 = checksumFor(nine, false) === cc;
  const is2000 = checksumFor(nine, true) === cc;
  if (!is1900 && !is2000) return { ok: false, reason: 'checksum' };

  const yy = Number(digits.slice(0, 2));
  let mm = Number(digits.slice(2, 4));
  const dd = Number(digits.slice(4, 6));
  let bis = false;
  let sexKnown = true;
  if (mm >= 40) {
    bis = true;
    mm -= 40;
  } else if (mm >= 20) {
    bis = true;
    sexKnown = false;
    mm -= 20;
  }
  const counter = Number(digits.slice(6, 9));
  const sex = sexKnown ? (counter % 2 === 1 ? 'M' : 'F') : null;
  // Month 0 / day 0 are legal: the birth date is (partly) unknown.
  if (mm > 12 || dd > 31) return { ok: false, reason: 'date' };
  let birthDate: string | null = null;
  if (mm > 0 && dd > 0) {
    const year = (is2000 && !is1900 ? 2000 : 1900) + yy;
    const d = new Date(Date.UTC(year, mm - 1, dd));
    if (d.getUTCMonth() !== mm - 1) return { ok: false, reason: 'date' };
    birthDate = `${year}-${String(mm).padStart(2, '0')}-${String(dd).padStart(2, '0')}`;
  }
  return { ok: true, niss: digits, birthDate, sex, bis };
}

/** Builds a valid number from its parts; used by generators for test and demo data. */
export function makeNiss(birthDate: string, counter: number, opts: { bis?: 'known' | 'unknown' } = {}): string {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const month = m + (opts.bis === 'known' ? 40 : opts.bis === 'unknown' ? 20 : 0);
  const nine = `${String(y % 100).padStart(2, '0')}${String(month).padStart(2, '0')}${String(d).padStart(2, '0')}${String(counter).padStart(3, '0')}`;
  const cc = checksumFor(nine, y >= 2000);
  return nine + String(cc).padStart(2, '0');
}

/** What a receptionist may see: all but the last digits hidden. */
export function maskNiss(niss: string): string {
  return `••.••.••-•${niss.slice(7, 9)}.${niss.slice(9, 11)}`;
}

export function formatNiss(niss: string): string {
  return `${niss.slice(0, 2)}.${niss.slice(2, 4)}.${niss.slice(4, 6)}-${niss.slice(6, 9)}.${niss.slice(9, 11)}`;
}
