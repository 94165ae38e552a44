import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { Resource as MResource } from '@medplum/fhirtypes';
import type { Appointment, Immunization, Patient } from 'fhir/r4';
import { testApp, type TestApp } from '../testing/harness';
import type { CentralSim } from '../../tools/central-sim/server';
import { seedDemoLot } from '../db/reception-demo';
import { makeNiss } from '../domain/niss';
import { SyncEngine } from './engine';
import { DEFAULT_PULL } from './pull';
import { immunizationId } from './fhir/ids';
import { displayOf } from './fhir/mappers';
import { ACT_REASON_SYSTEM, BE_EXT_ADMINISTERED_PRODUCT, BE_EXT_RECORDER, BE_VACCINATION_PROFILE, CVX_SYSTEM, SNOMED_SYSTEM, SSIN_SYSTEM } from './fhir/vocabulary';
import type { CapacitySource } from './push';
import { CENTER, checkIn, connect, startSim } from './testing/fixture';

/**
 * What a national FHIR server receives from VaxDesk, read off the wire of the local central
 * system (Medplum's router): every resource kind the push writes is valid FHIR R4 by the base
 * definitions, carries no `.invalid` URI, names people the way central already knows them, and
 * reports refusals and deferrals (issues 16.3, 16.4, 19.4-19.7).
 */
let sim: CentralSim;
let t: TestApp;
let rec: string;
let staffName: string;
const writes: { method: string; path: string; headers: Record<string, unknown>; body: unknown }[] = [];
const capacity: CapacitySource = () => ({ slots: [{ date: '2021-03-02', time: '09:00', minutes: 15, capacity: 6 }, { date: '2021-03-02', time: '09:15', minutes: 15, capacity: 0 }] });
const engine = () => new SyncEngine(t.core, { pull: { ...DEFAULT_PULL, pageSize: 200 }, backoff: { baseMs: 10, capMs: 50 }, capacity, timeoutMs: 5000 });
const booked = () => t.core.store.sync.snapshot().filter((s) => s.status === 'booked');

/** The Patient central holds already (a national server keeps people as their own resource). */
const KNOWN_NISS = makeNiss('1948-11-02', 215);
let knownPatientId: string;
const NEW_NISS = makeNiss('1961-04-09', 77);

beforeAll(async () => {
  ({ sim } = await startSim({ invitations: 40, firstDay: '2021-03-01', days: 1 }));
  t = testApp();
  connect(t, sim);
  const coord = await t.setup();
  staffName = 'Ilse Van Damme';
  rec = await t.staffToken('receptionist', coord, staffName);
  seedDemoLot(t.core.store.db, { id: 'lot-c', productCode: 'COMIRNATY', lotNumber: 'EW4815', expiryDate: '2021-12-31', vials: 20, dosesPerVial: 6, at: '2021-02-28T08:00:00Z' });
  const known = await sim.engine.create<Patient>({ resourceType: 'Patient', identifier: [{ system: SSIN_SYSTEM, value: KNOWN_NISS }], name: [{ family: 'Ó Briain', given: ['Louise'] }], birthDate: '1948-11-02' });
  knownPatientId = known.id;
  const r = await engine().run();
  if (r.error) throw new Error(r.error);
  sim.onWrite = (w) => writes.push(w);
}, 60_000);
afterAll(async () => {
  t?.cleanup();
  await sim?.stop();
});

async function walkin(niss: string, familyName: string, givenName: string, birthDate: string): Promise<string> {
  const input = { niss, familyName, givenName, birthDate, reason: 'came without invitation' };
  let w = await t.call('walkins.register', input, rec);
  if (!w.ok && w.error.code === 'GUARD') w = await t.call('walkins.register', { ...input, override: { guards: [String(w.error.details?.guard)] as never, reason: 'test override' } }, rec);
  if (!w.ok) throw new Error(`walk-in: ${w.error.message}`);
  return w.value.hit.invitationId;
}

/** The errors (not warnings) Medplum's validator finds against the R4 base StructureDefinitions. */
function validationErrors(r: MResource): string[] {
  let issues;
  try {
    issues = validateResource(r);
  } catch (e) {
    if (!(e instanceof OperationOutcomeError)) throw e;
    issues = e.outcome.issue ?? [];
  }
  return issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${i.expression?.join(',') ?? ''} ${i.details?.text ?? ''}`);
}

describe('the validator', () => {
  it('does find what is wrong (the zero below is not a check that cannot fail)', () => {
    expect(validationErrors({ resourceType: 'Immunization', status: 'given', vaccineCode: {}, patient: { reference: 'Patient/x' }, occurrenceDateTime: 'yesterday' } as never).length).toBeGreaterThan(0);
    expect(validationErrors({ resourceType: 'Slot', schedule: { reference: 'Schedule/s' }, status: 'free', start: '2021-03-01T09:00:00Z', end: '2021-03-01T09:15:00Z', extension: [{ url: 'x' }] } as never).length).toBeGreaterThan(0);
  });
});

describe('what central receives', () => {
  const ids: Record<string, string> = {};
  const outcome: Record<string, string> = {};
  let imms: Immunization[];
  let appts: Map<string, Appointment>;

  beforeAll(async () => {
    const people = booked().slice(0, 4);
    for (const [i, kind] of (['vaccinated', 'refused', 'deferred', 'left'] as const).entries()) {
      const p = people[i]!;
      ids[kind] = p.id;
      await checkIn(t, rec, p.id);
      outcome[kind] = (await t.must('outcomes.record', { invitationId: p.id, outcome: kind, ...(kind === 'vaccinated' ? { lotId: 'lot-c' } : {}) }, rec)).outcomeId;
    }
    ids.knownWalkin = await walkin(KNOWN_NISS, 'Ó Briain', 'Louise', '1948-11-02');
    outcome.knownWalkin = (await t.must('outcomes.record', { invitationId: ids.knownWalkin, outcome: 'vaccinated', lotId: 'lot-c' }, rec)).outcomeId;
    ids.newWalkin = await walkin(NEW_NISS, 'Lefèvre', 'Renée', '1961-04-09');
    t.core.store.tx(() => t.core.store.outbox.add('capacity.publish', { version: 1 }, '2021-03-01T09:00:00Z'));
    const r = await engine().run({ pushOnly: true });
    expect(r.error).toBeNull();
    expect(t.core.store.outbox.counts()).toEqual({ pending: 0, parked: 0 });
    imms = await sim.engine.all<Immunization>('Immunization');
    appts = new Map((await sim.engine.all<Appointment>('Appointment')).map((a) => [a.id, a]));
  }, 60_000);

  it('every resource kind the push writes is valid FHIR R4 (base definitions): 0 errors', () => {
    const kinds = new Set<string>();
    const errors: string[] = [];
    for (const w of writes) {
      const r = w.body as MResource;
      kinds.add(r.resourceType);
      errors.push(...validationErrors(r).map((e) => `${w.method} ${w.path}: ${e}`));
    }
    expect([...kinds].sort()).toEqual(['Appointment', 'Immunization', 'Patient', 'Schedule', 'Slot']);
    expect(errors).toEqual([]);
    // Appointment updates (status PUTs) and the walk-in's creation are both among them.
    expect(writes.filter((w) => w.method === 'PUT' && w.path.startsWith('Appointment/')).length).toBeGreaterThan(4);
  });

  it('writes no .invalid URI anywhere, in any pushed resource or header', () => {
    expect(writes.length).toBeGreaterThan(10);
    for (const w of writes) {
      expect(JSON.stringify(w.body)).not.toMatch(/\.invalid/i);
      expect(JSON.stringify(w.headers)).not.toMatch(/\.invalid/i);
    }
  });

  it('a walk-in central already knows is never created twice: conditional create finds its Patient', async () => {
    const patients = await sim.engine.all<Patient>('Patient');
    const known = patients.filter((p) => p.identifier?.some((i) => i.system === SSIN_SYSTEM && i.value === KNOWN_NISS));
    expect(known.map((p) => p.id)).toEqual([knownPatientId]);
    expect(patients.filter((p) => p.identifier?.some((i) => i.value === NEW_NISS))).toHaveLength(1);
    expect(patients).toHaveLength(2);
    const posts = writes.filter((w) => w.method === 'POST' && w.path === 'Patient');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    for (const p of posts) expect(p.headers['if-none-exist']).toMatch(/^identifier=https?%3A%2F%2F.*ssin%7C\d{11}$/);
    expect(writes.some((w) => w.method === 'PUT' && w.path.startsWith('Patient/'))).toBe(false);
    // The walk-in's Appointment and its dose point at central's own Patient, with the SSIN beside it.
    const wa = appts.get(ids.knownWalkin!)!;
    expect(wa.participant.find((p) => p.actor?.type === 'Patient')?.actor).toEqual({ reference: `Patient/${knownPatientId}`, type: 'Patient', identifier: { system: SSIN_SYSTEM, value: KNOWN_NISS }, display: 'Ó Briain, Louise' });
    const dose = imms.find((i) => i.id === immunizationId(CENTER, outcome.knownWalkin!))!;
    expect(dose.patient).toMatchObject({ reference: `Patient/${knownPatientId}`, identifier: { system: SSIN_SYSTEM, value: KNOWN_NISS } });
    expect(t.core.store.people.byNiss(KNOWN_NISS)).toBeTruthy();
    expect(t.core.store.db.prepare(`SELECT central_patient_id FROM people WHERE niss = ?`).pluck().get(KNOWN_NISS)).toBe(knownPatientId);
  });

  it('an invited person whose Patient central never named is referenced by SSIN only, never by an invented id', () => {
    const dose = imms.find((i) => i.id === immunizationId(CENTER, outcome.vaccinated!))!;
    expect(dose.patient.reference).toBeUndefined();
    expect(dose.patient.identifier?.system).toBe(SSIN_SYSTEM);
  });

  it('a dose reads as BeVaccination: SNOMED CT + CVX, lot in the administered-product extension, recorder, performer', () => {
    const dose = imms.find((i) => i.id === immunizationId(CENTER, outcome.vaccinated!))!;
    expect(dose.meta?.profile).toEqual([BE_VACCINATION_PROFILE]);
    expect(dose.status).toBe('completed');
    expect(dose.vaccineCode.coding?.map((c) => [c.system, c.code])).toEqual([[SNOMED_SYSTEM, '28531000087107'], [CVX_SYSTEM, '208']]);
    expect(dose.occurrenceDateTime).toMatch(/^2021-03-01T/);
    expect(dose.recorded).toBe(dose.occurrenceDateTime);
    expect(dose.lotNumber).toBeUndefined(); // 0..0 in BeVaccination
    expect(dose.location).toBeUndefined(); // 0..0 in BeVaccination
    const product = dose.extension?.find((e) => e.url === BE_EXT_ADMINISTERED_PRODUCT)?.extension ?? [];
    expect(product).toContainEqual({ url: 'lotNumber', valueString: 'EW4815' });
    expect(product).toContainEqual({ url: 'expirationDate', valueDate: '2021-12-31' });
    expect(product.find((e) => e.url === 'coded')?.valueCodeableConcept?.coding?.[0]).toMatchObject({ system: 'http://whocc.no/atc', code: 'J07BN01' });
    const recorder = dose.extension?.find((e) => e.url === BE_EXT_RECORDER)?.valueReference;
    expect(recorder).toMatchObject({ type: 'Practitioner', display: staffName });
    expect(dose.performer?.[0]?.actor).toMatchObject({ type: 'Organization', identifier: { value: CENTER }, display: 'Heizel' });
    expect(dose.performer?.[0]?.function?.coding?.[0]?.code).toBe('AP');
  });

  it('refused and deferred reach central as not-done with their reason, the Appointment fulfilled; someone who left stays arrived', () => {
    for (const [kind, code] of [['refused', 'PATOBJ'], ['deferred', 'MEDPREC']] as const) {
      const imm = imms.find((i) => i.id === immunizationId(CENTER, outcome[kind]!));
      expect(imm, kind).toBeDefined();
      expect(imm!.status).toBe('not-done');
      expect(imm!.statusReason?.coding).toEqual([expect.objectContaining({ system: ACT_REASON_SYSTEM, code })]);
      expect(imm!.extension?.some((e) => e.url === BE_EXT_ADMINISTERED_PRODUCT)).toBe(false);
      expect(appts.get(ids[kind]!)!.status).toBe('fulfilled');
    }
    expect(imms.some((i) => i.id === immunizationId(CENTER, outcome.left!))).toBe(false);
    expect(appts.get(ids.left!)!.status).toBe('arrived');
  });

  it('taking back a refusal withdraws its not-done record (entered-in-error) and steps the Appointment back', async () => {
    await t.must('outcomes.undo', { invitationId: ids.refused!, reason: 'wrong person' }, rec);
    expect((await engine().run({ pushOnly: true })).error).toBeNull();
    expect((await sim.engine.read<Immunization>('Immunization', immunizationId(CENTER, outcome.refused!))).status).toBe('entered-in-error');
    expect((await sim.engine.read<Appointment>('Appointment', ids.refused!)).status).toBe('arrived');
  });
});

describe('display', () => {
  it('is built from the parts present: no trailing comma for an empty given name', () => {
    expect(displayOf({ familyName: 'Ó Briain', givenName: '' })).toBe('Ó Briain');
    expect(displayOf({ familyName: 'Ó Briain', givenName: 'Louise Anaïs' })).toBe('Ó Briain, Louise Anaïs');
  });
});
