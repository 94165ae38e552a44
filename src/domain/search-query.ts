import { checkNiss, stripNiss } from './niss';
import { queryWords } from './names';

/**
 * What the one search box was given. Scanners type like a keyboard, people paste from letters,
 * e-mails and spreadsheets: the query is cleaned first, then classified in a fixed order so that
 * the same text always means the same thing.
 */
export type SearchQuery =
  | { kind: 'empty' }
  | { kind: 'code'; code: string }
  | { kind: 'niss'; niss: string }
  | { kind: 'nissInvalid'; reason: 'format' | 'checksum' | 'date'; digits: number }
  | { kind: 'birthDate'; date: string }
  | { kind: 'name'; words: string[] }
  | { kind: 'invalid'; reason: 'tooShort' | 'unreadable' };

export const MAX_QUERY_LENGTH = 200;

/** Removes control characters (scanner STX/ETX, tabs, CR) and a barcode symbology prefix (]C1, ]Q3 …). */
export function cleanQuery(raw: string): string {
  let s = raw.slice(0, MAX_QUERY_LENGTH * 2).replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g, ' ');
  s = s.trim().replace(/^\][A-Za-z]\d/, '');
  // QR codes on SMS may carry a link ending in ?code=XXXX; the code is what we want.
  const m = /[?&](?:code|c|invitation)=([A-Za-z0-9-]{4,40})/.exec(s);
  if (m) return m[1]!;
  return s.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY_LENGTH);
}

/** An invitation code as it may be typed: letters and digits, dashes and spaces ignored, case-insensitive. */
export function compactCode(s: string): string | null {
  const c = s.replace(/[\s-]/g, '').toUpperCase();
  return /^[A-Z0-9]{6,40}$/.test(c) ? c : null;
}

function validDate(y: number, m: number, d: number): string | null {
  if (y < 1890 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCMonth() !== m - 1) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Birth dates as Belgians write them (30/07/1985, 30.07.1985, 30-07-1985) or ISO (1985-07-30). */
export function parseBirthDate(s: string): string | null {
  let m = /^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4})$/.exec(s);
  if (m) return validDate(Number(m[3]), Number(m[2]), Number(m[1]));
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  return null;
}

export function parseSearchQuery(raw: string): SearchQuery {
  const s = cleanQuery(raw);
  if (s.length === 0) return { kind: 'empty' };
  const date = parseBirthDate(s);
  if (date) return { kind: 'birthDate', date };
  // Digits with the separators a national number is written with: it is meant as one.
  if (/^[\d\s.\-/]+$/.test(s)) {
    const digits = stripNiss(s);
    const c = checkNiss(digits);
    if (c.ok) return { kind: 'niss', niss: c.niss };
    // (An all-digit invitation code is still found: the service tries the exact code first.)
    if (digits.length >= 6 && digits.length <= 13) return { kind: 'nissInvalid', reason: c.reason, digits: digits.length };
    return { kind: 'invalid', reason: digits.length < 6 ? 'tooShort' : 'unreadable' };
  }
  // Names never contain digits; letters and digits together are an invitation code.
  if (/\d/.test(s)) {
    const code = compactCode(s);
    return code ? { kind: 'code', code } : { kind: 'invalid', reason: 'unreadable' };
  }
  const words = queryWords(s);
  if (words.length === 0) return { kind: 'invalid', reason: 'unreadable' };
  if (words.join('').length < 2) return { kind: 'invalid', reason: 'tooShort' };
  return { kind: 'name', words };
}

/** Upper bound of a prefix range: the same string with its last code point incremented (UTF-8 order is code point order). */
export function prefixEnd(prefix: string): string {
  const cps = [...prefix];
  const last = cps.pop()!;
  return cps.join('') + String.fromCodePoint(last.codePointAt(0)! + 1);
}

/** Rank of an appointment day for a search: today first, then within two days, then the rest. */
export function dayRank(day: string, today: string): 0 | 1 | 2 {
  if (day === today) return 0;
  const d = Math.abs(Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000;
  return d <= 2 ? 1 : 2;
}
