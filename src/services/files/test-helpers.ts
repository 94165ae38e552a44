import type { TestApp } from '../../testing/harness';
import { makeNiss } from '../../domain/niss';
import { addDays } from '../../domain/time';

/** Sends a file the way the screen does: beginImport, then chunks of the size the server asks for. */
export async function upload(t: TestApp, token: string, fileName: string, bytes: Uint8Array): Promise<string> {
  const { uploadId, chunkBytes } = await t.must('files.beginImport', { fileName, size: bytes.length }, token);
  for (let off = 0; off < bytes.length; off += chunkBytes) {
    const part = Buffer.from(bytes.subarray(off, Math.min(bytes.length, off + chunkBytes)));
    await t.must('files.uploadChunk', { uploadId, offset: off, data: part.toString('base64') }, token);
  }
  return uploadId;
}

export const counts = (t: TestApp) => {
  const one = (sql: string) => (t.core.store.db.prepare(sql).get() as { n: number }).n;
  return {
    invitations: one('SELECT count(*) AS n FROM invitations'),
    people: one('SELECT count(*) AS n FROM people'),
    audit: one("SELECT count(*) AS n FROM audit_log WHERE action = 'invitations.import'"),
  };
};

/** A valid invitation list of n rows (Dutch headers, semicolons) for 2021-03-01 onwards. */
export function goodCsv(n: number, opts: { prefix?: string; firstCounter?: number } = {}): string {
  const lines = ['Code;Rijksregisternummer;Naam;Voornaam;Geboortedatum;Datum;Uur;Dosis;Vaccin;Status;Kanalen'];
  for (let i = 0; i < n; i++) {
    // Unique national numbers for up to 20,000 × 250 rows: a birth date per row, the counter after.
    const birth = addDays('1935-01-01', i % 20_000);
    const niss = makeNiss(birth, (opts.firstCounter ?? 1) + 2 * Math.floor(i / 20_000));
    const minutes = 8 * 60 + (i % 60) * 10;
    const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
    lines.push(`${opts.prefix ?? 'INV'}-${String(i).padStart(5, '0')};${niss};Peeters ${i};Jan;${birth};01/03/2021;${time};1;Comirnaty;;sms`);
  }
  return `${lines.join('\r\n')}\r\n`;
}
