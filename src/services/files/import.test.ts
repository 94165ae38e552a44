import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { testApp, type TestApp } from '../../testing/harness';
import { makeNiss } from '../../domain/niss';
import type { ImportPreview } from '../../api/contract/files';
import { counts, goodCsv, upload } from './test-helpers';

let t: TestApp;
let tok: string;
beforeEach(async () => {
  t = testApp();
  t.core.store.center.save({ id: 'center-f', name: 'Center F' }, new Date().toISOString());
  tok = await t.setup();
});
afterEach(() => t?.cleanup());

const enc = (s: string) => Buffer.from(s, 'utf8');

async function refused(fileName: string, text: string | Uint8Array): Promise<ImportPreview> {
  const before = counts(t);
  const id = await upload(t, tok, fileName, typeof text === 'string' ? enc(text) : text);
  const preview = await t.must('files.previewImport', { uploadId: id }, tok);
  expect(preview.ok).toBe(false);
  const r = await t.call('files.commitImport', { uploadId: id }, tok);
  expect(r.ok).toBe(false);
  if (r.ok) throw new Error('imported');
  expect(r.error.code).toBe('IMPORT_INVALID');
  expect(r.error.message).toMatch(/^Nothing was imported: \d+ problems? in /);
  expect(counts(t)).toEqual(before);
  return (r.error.details as { preview: ImportPreview }).preview;
}

describe('CSV import through the API', () => {
  it('imports a good file in one go, audits it, announces the change; the same file again changes nothing', async () => {
    const seen: string[] = [];
    t.core.events.subscribe((e) => seen.push(e.kind));
    const file = enc(goodCsv(1200));
    expect(file.length).toBeGreaterThan(512 * 1024 / 8);
    const before = counts(t);
    const id = await upload(t, tok, 'lijst.csv', file);
    const preview = await t.must('files.previewImport', { uploadId: id }, tok);
    expect(preview).toMatchObject({ ok: true, format: 'csv', encoding: 'utf-8', delimiter: ';', rows: 1200, valid: 1200, problemCount: 0 });
    expect(preview.sample[0]).toMatchObject({ line: 2, cells: expect.arrayContaining(['INV-00000']) });
    expect(counts(t)).toEqual(before);

    const r = await t.must('files.commitImport', { uploadId: id }, tok);
    expect(r).toEqual({ uploadId: id, fileName: 'lijst.csv', format: 'csv', rows: 1200, inserted: 1200, updated: 0, unchanged: 0 });
    expect(counts(t)).toEqual({ invitations: before.invitations + 1200, people: before.people + 1200, audit: 1 });
    expect(seen).toContain('invitations');
    const audit = await t.must('audit.list', { limit: 5 }, tok);
    expect(audit[0]).toMatchObject({ action: 'invitations.import', actorName: 'Test Coordinator', detail: { fileName: 'lijst.csv', rows: 1200, inserted: 1200 } });
    const inv = t.core.store.invitations.byCode('INV-00007')!;
    expect(inv).toMatchObject({ day: '2021-03-01', startAt: '2021-03-01T08:10:00.000Z', productCode: 'COMIRNATY', status: 'booked', channels: ['sms'], source: 'import', centerId: 'center-f' });
    expect(fs.existsSync(path.join(t.dir, 'imports', `${id}.part`))).toBe(false);
    expect(await t.call('files.commitImport', { uploadId: id }, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });

    const again = await upload(t, tok, 'lijst.csv', file);
    expect(await t.must('files.commitImport', { uploadId: again }, tok)).toMatchObject({ inserted: 0, updated: 0, unchanged: 1200 });
    expect(counts(t)).toEqual({ invitations: before.invitations + 1200, people: before.people + 1200, audit: 2 });
    expect((await t.must('files.recentImports', {}, tok)).map((f) => [f.status, f.unchanged])).toEqual([
      ['imported', 1200],
      ['imported', 0],
    ]);
  });

  it('a changed row updates that invitation, and never moves an arrival backward', async () => {
    await t.must('files.commitImport', { uploadId: await upload(t, tok, 'a.csv', enc(goodCsv(3))) }, tok);
    const inv = t.core.store.invitations.byCode('INV-00001')!;
    const rec = await t.staffToken('receptionist', tok);
    t.clock.set('2021-03-01T08:05:00Z');
    await t.must('arrivals.checkIn', { invitationId: inv.id }, rec);
    const changed = goodCsv(3).replace('INV-00002;', 'INV-00002;').replace(/(INV-00002;[^\r]*);1;Comirnaty;;sms/, '$1;1;Moderna;;sms');
    const r = await t.must('files.commitImport', { uploadId: await upload(t, tok, 'a.csv', enc(changed)) }, tok);
    expect(r).toMatchObject({ inserted: 0, updated: 1, unchanged: 2 });
    expect(t.core.store.invitations.byCode('INV-00002')!.productCode).toBe('SPIKEVAX');
    expect(t.core.store.invitations.byCode('INV-00001')!.status).toBe('arrived');
  });

  it('refuses a file with bad national numbers and imports none of its good rows', async () => {
    const text = goodCsv(4).replace(/(INV-00002;\d{9})(\d\d)/, (_m, a: string, cc: string) => `${a}${String((Number(cc) % 97) + 1).padStart(2, '0')}`);
    const p = await refused('bad-niss.csv', text);
    expect(p.problems.map((x) => [x.line, x.code])).toEqual([[4, 'niss_checksum']]);
    expect(p.valid).toBe(3);
  });

  it('refuses missing columns, impossible dates and duplicate rows with their lines', async () => {
    const noNiss = 'Code;Naam;Datum;Uur\nX-0001;Peeters;01/03/2021;09:00\n';
    expect((await refused('cols.csv', noNiss)).problems.map((x) => [x.code, x.field])).toEqual([['column_missing', 'niss']]);
    const dates = goodCsv(3).replace('INV-00001;', 'INV-00001;').replace(/(INV-00001;\d{11};[^;]*;[^;]*;[^;]*);01\/03\/2021/, '$1;30/02/2021');
    expect((await refused('dates.csv', dates)).problems.map((x) => [x.line, x.code])).toEqual([[3, 'date_invalid']]);
    const lines = goodCsv(3).trimEnd().split('\r\n');
    const dup = [...lines, lines[2]].join('\r\n');
    expect((await refused('dup.csv', dup)).problems.map((x) => [x.line, x.code, x.params])).toEqual([[5, 'duplicate_row', { other: 3 }]]);
  });

  it('refuses a row whose code belongs to another person in the database, and imports none of the others', async () => {
    const other = makeNiss('1970-01-01', 5);
    await t.must('files.commitImport', { uploadId: await upload(t, tok, 'x.csv', enc(`Code;NISS;Naam;Datum;Uur\nTAKEN-1;${other};Other;01/03/2021;10:00\n`)) }, tok);
    const p = await refused('clash.csv', `${goodCsv(5).trimEnd()}\r\nTAKEN-1;${makeNiss('1980-02-02', 7)};Someone;;;01/03/2021;11:00;1;;;\r\n`);
    expect(p.problems.map((x) => [x.line, x.code])).toEqual([[7, 'code_taken']]);
  });

  it('reads a Windows-1252 file with a comma delimiter and a mapping chosen in the preview', async () => {
    const niss = makeNiss('1950-03-14', 9);
    const bytes = Buffer.from(`col1,col2,col3,col4\r\nZ-0001,${niss},M\xfcller,2021-03-01 09:30\r\n`, 'latin1');
    const id = await upload(t, tok, 'old-excel.csv', bytes);
    const auto = await t.must('files.previewImport', { uploadId: id }, tok);
    expect(auto).toMatchObject({ ok: false, encoding: 'windows-1252', delimiter: ',', headers: ['col1', 'col2', 'col3', 'col4'] });
    const mapping = { code: 0, niss: 1, familyName: 2, datetime: 3 };
    expect(await t.must('files.previewImport', { uploadId: id, mapping }, tok)).toMatchObject({ ok: true, valid: 1 });
    await t.must('files.commitImport', { uploadId: id, mapping }, tok);
    expect(t.core.store.people.byNiss(niss)).toMatchObject({ familyName: 'Müller', birthDate: '1950-03-14' });
  });

  it('turns away 50 MB of random bytes at the door, and 8 MB of them after upload, with one clear problem', async () => {
    const big = await t.call('files.beginImport', { fileName: 'random.csv', size: 50 * 1024 * 1024 }, tok);
    expect(big).toMatchObject({ ok: false, error: { code: 'IMPORT_INVALID', details: { preview: { problems: [{ code: 'file_too_large' }] } } } });
    const before = counts(t);
    const rss0 = process.memoryUsage().rss;
    const started = Date.now();
    const p = await refused('random.csv', crypto.randomBytes(8 * 1024 * 1024));
    expect(p.problems.map((x) => x.code)).toEqual(['file_binary']);
    console.log(`8 MB random upload + preview + commit refused in ${Date.now() - started} ms, rss +${Math.round((process.memoryUsage().rss - rss0) / 1e6)} MB`);
    expect(counts(t)).toEqual(before);
  });

  it('keeps the upload protocol honest: order, repeats, size, owner and role', async () => {
    const bytes = enc(goodCsv(2));
    const { uploadId } = await t.must('files.beginImport', { fileName: 'p.csv', size: bytes.length }, tok);
    const half = Math.floor(bytes.length / 2);
    const a = bytes.subarray(0, half).toString('base64');
    const b = bytes.subarray(half).toString('base64');
    expect(await t.call('files.previewImport', { uploadId }, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await t.call('files.uploadChunk', { uploadId, offset: half, data: b }, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { received: 0 } } });
    expect(await t.must('files.uploadChunk', { uploadId, offset: 0, data: a }, tok)).toEqual({ received: half, size: bytes.length, complete: false });
    expect(await t.must('files.uploadChunk', { uploadId, offset: 0, data: a }, tok)).toEqual({ received: half, size: bytes.length, complete: false });
    expect(await t.call('files.uploadChunk', { uploadId, offset: half, data: a + a }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const other = await t.staffToken('coordinator', tok);
    expect(await t.call('files.uploadChunk', { uploadId, offset: half, data: b }, other)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const rec = await t.staffToken('receptionist', tok);
    expect(await t.call('files.beginImport', { fileName: 'p.csv', size: 10 }, rec)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call('files.uploadChunk', { uploadId, offset: half, data: 'not base64!' }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.must('files.uploadChunk', { uploadId, offset: half, data: b }, tok)).toEqual({ received: bytes.length, size: bytes.length, complete: true });
    await t.must('files.cancelImport', { uploadId }, tok);
    expect(fs.existsSync(path.join(t.dir, 'imports', `${uploadId}.part`))).toBe(false);
    expect(await t.call('files.commitImport', { uploadId }, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(counts(t).invitations).toBe(0);
  });

  it('refuses more rows than the cap without importing any', async () => {
    const p = await refused('huge.csv', `Code;NISS;Naam;Datum;Uur\r\n${'A-0001;85073003328;X;01/03/2021;09:00\r\n'.repeat(100_001)}`);
    expect(p.problems.at(-1)).toMatchObject({ code: 'too_many_rows', line: 100_002 });
  }, 60_000);
});
