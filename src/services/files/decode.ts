/**
 * Turning the bytes of an uploaded file into text, without trusting them. Pure: bytes in, text
 * or a refusal out.
 *
 * Belgian invitation lists come from Excel as often as from a script: "CSV UTF-8" (with a BOM),
 * plain UTF-8, "CSV (separated by semicolons)" in Windows-1252, or "Unicode text" (UTF-16LE with
 * a BOM). Anything else that is not valid UTF-8 is read as Windows-1252, which maps every byte,
 * so a list with "Müller" or "Hélène" from an old Excel still reads correctly.
 */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'windows-1252';

/**
 * Windows-1252 is Latin-1 except for 0x80-0x9F, where it has € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ.
 * Node's TextDecoder('windows-1252') decodes as plain Latin-1 (no € nor curly quotes), hence this table.
 */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decode1252(bytes: Uint8Array): string {
  const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
  return latin1.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);
}

export type Decoded = { ok: true; text: string; encoding: TextEncoding } | { ok: false; reason: 'binary' | 'empty' };

/**
 * A text file has no NUL bytes (outside UTF-16) and few control characters. Looking at the first
 * 64 KB is enough to turn away a spreadsheet (.xlsx is a zip), a PDF or random bytes at once,
 * instead of "parsing" megabytes of noise into thousands of errors.
 */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 65_536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) control++;
  }
  return control > n / 100;
}

export function decodeText(bytes: Uint8Array): Decoded {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
    return text.includes('\u0000') ? { ok: false, reason: 'binary' } : { ok: true, text, encoding: 'utf-16le' };
  }
  if (looksBinary(bytes)) return { ok: false, reason: 'binary' };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
    } catch {
      // A BOM followed by invalid UTF-8: the file was damaged or re-saved; fall through to 1252.
    }
  } else {
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
    } catch {
      // Not UTF-8: an old Excel export.
    }
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return { ok: true, text: decode1252(bytes.subarray(start)), encoding: 'windows-1252' };
}
