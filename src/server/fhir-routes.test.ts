import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { OperationOutcomeError, validateResource } from '@medplum/core';
import type { Resource as MResource } from '@medplum/fhirtypes';
import type { Appointment, Bundle, Immunization } from 'fhir/r4';
import { testApp, type TestApp } from '../testing/harness';
import { loadDefinitions } from '../../tools/central-sim/fhir';
import { seedDemoLot } from '../db/reception-demo';
import { makeNiss } from '../domain/niss';
import { immunizationId } from '../sync/fhir/ids';
import { SSIN_SYSTEM } from '../sync/fhir/vocabulary';
import { CENTER_KEY } from '../sync/settings';
import { dbFingerprint } from '../testing/fingerprint';
import { startServer } from './server';

let t: TestApp;
let server: FastifyInstance;
let url: string;
let coord: string;
let rec: string;
const outcomes: Record<string, string> = {};
const DAY = '2021-03-01';

async function walkin(niss: string, familyName: string): Promise<string> {
  const input = { niss, familyName, givenName: 'Anaïs', birthDate: '1950-05-17', reason: 'came without invitation' };
  let w = await t.call('walkins.register', input, rec);
  if (!w.ok && w.error.code === 'GUARD') w = await t.call('walkins.register', { ...input, override: { guards: [String(w.error.details?.guard)] as never, reason: 'test override' } }, rec);
  if (!w.ok) throw new Error(w.error.message);
  return w.value.hit.invitationId;
}

beforeAll(async () => {
  loadDefinitions();
  t = testApp();
  t.core.store.settings.put(CENTER_KEY, { id: 'brussels-heysel', name: 'Heizel' });
  coord = await t.setup();
  rec = await t.staffToken('receptionist', coord, 'Ilse');
  seedDemoLot(t.core.store.db, { id: 'lot-c', productCode: 'COMIRNATY', lotNumber: 'EW4815', expiryDate: '2021-12-31', vials: 5, dosesPerVial: 6, at: '2021-02-28T08:00:00Z' });
  const a = await walkin(makeNiss('1950-05-17', 411), 'Lefèvre');
  outcomes.vaccinated = (await t.must('outcomes.record', { invitationId: a, outcome: 'vaccinated', lotId: 'lot-c' }, rec)).outcomeId;
  const b = await walkin(makeNiss('1950-05-17', 413), 'Ó Briain');
  outcomes.refused = (await t.must('outcomes.record', { invitationId: b, outcome: 'refused' }, rec)).outcomeId;
  ({ server, url } = await startServer({ app: t, port: 0 }));
}, 30_000);
afterAll(async () => {
  await server?.close();
  t?.cleanup();
});

const get = (path: string, token?: string | null, init: RequestInit = {}) =>
  fetch(`${url}fhir/${path}`, { ...init, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(init.headers ?? {}) } });

function errors(r: MResource): string[] {
  let issues;
  try {
    issues = validateResource(r);
  } catch (e) {
    if (!(e instanceof OperationOutcomeError)) throw e;
    issues = e.outcome.issue ?? [];
  }
  return issues.filter((i) => i.severity === 'error' || i.severity === 'fatal').map((i) => `${i.expression?.join(',')}: ${i.details?.text}`);
}

describe('read-only FHIR endpoint', () => {
  it('refuses without a token, with a forged one and with a receptionist\'s, giving away nothing and changing nothing', async () => {
    const before = dbFingerprint(t.core.store.db);
    for (const path of ['metadata', `Appointment?date=${DAY}`, `Immunization?date=${DAY}`, 'Patient/x']) {
      for (const [token, status] of [[null, 401], ['forged-token', 401], [rec, 403]] as const) {
        const res = await get(path, token);
        expect(res.status, `${path} ${token}`).toBe(status);
        expect(res.headers.get('content-type')).toMatch(/^application\/fhir\+json/);
        const body = (await res.json()) as { resourceType: string };
        expect(body.resourceType).toBe('OperationOutcome');
        expect(JSON.stringify(body)).not.toMatch(/Lef|Briain|\d{11}/);
      }
    }
    const basic = await get(`Appointment?date=${DAY}`, null, { headers: { authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } });
    expect(basic.status).toBe(401);
    expect(dbFingerprint(t.core.store.db)).toEqual(before);
  });

  it('serves a valid CapabilityStatement to a coordinator', async () => {
    const res = await get('metadata', coord);
    expect(res.status).toBe(200);
    const cap = (await res.json()) as MResource & { fhirVersion: string; rest: { resource: { type: string }[] }[] };
    expect(cap).toMatchObject({ resourceType: 'CapabilityStatement', fhirVersion: '4.0.1', kind: 'instance' });
    expect(cap.rest[0]!.resource.map((r) => r.type)).toEqual(['Appointment', 'Immunization']);
    expect(errors(cap)).toEqual([]);
  });

  it('gives the day\'s Appointments and Immunizations as searchset Bundles, valid R4, with the push\'s ids', async () => {
    const ab = (await (await get(`Appointment?date=${DAY}`, coord)).json()) as Bundle;
    expect(ab).toMatchObject({ resourceType: 'Bundle', type: 'searchset', total: 2 });
    expect(errors(ab as unknown as MResource)).toEqual([]);
    const appts = ab.entry!.map((e) => e.resource as Appointment);
    expect(appts.map((a) => a.status).sort()).toEqual(['fulfilled', 'fulfilled']);
    expect(appts.map((a) => a.participant[1]!.actor!.display).sort()).toEqual(['Lefèvre, Anaïs', 'Ó Briain, Anaïs']);
    const ib = (await (await get(`Immunization?date=eq${DAY}`, coord)).json()) as Bundle;
    expect(errors(ib as unknown as MResource)).toEqual([]);
    const imms = ib.entry!.map((e) => e.resource as Immunization);
    expect(imms.map((i) => [i.id, i.status]).sort()).toEqual(
      [[immunizationId('brussels-heysel', outcomes.vaccinated!), 'completed'], [immunizationId('brussels-heysel', outcomes.refused!), 'not-done']].sort(),
    );
    expect(imms.every((i) => i.patient.identifier?.system === SSIN_SYSTEM)).toBe(true);
    expect(JSON.stringify([ab, ib])).not.toMatch(/\.invalid/);
    // Another day has nothing.
    expect(((await (await get('Immunization?date=2021-03-02', coord)).json()) as Bundle).total).toBe(0);
  });

  it('answers bad searches and writes with an OperationOutcome, and stays read-only', async () => {
    const before = dbFingerprint(t.core.store.db);
    for (const [path, status] of [
      ['Appointment', 400], ['Appointment?date=2021-02-30', 400], ['Appointment?date=ge2021-03-01', 400], ['Appointment?date=2021-03-01&date=2021-03-02', 400],
      ['Appointment?date=2021-03-01&_include=Appointment:patient', 400], ['Patient?date=2021-03-01', 404], ['Appointment/x', 404],
    ] as const) {
      const res = await get(path, coord);
      expect(res.status, path).toBe(status);
      expect(((await res.json()) as { resourceType: string }).resourceType).toBe('OperationOutcome');
    }
    for (const method of ['POST', 'PUT', 'DELETE'] as const) {
      const res = await get('Appointment', coord, { method, headers: { 'content-type': 'application/fhir+json' }, body: method === 'DELETE' ? undefined : '{"resourceType":"Appointment"}' });
      expect(res.status, method).toBe(405);
    }
    expect(dbFingerprint(t.core.store.db)).toEqual(before);
  });

  it('gives every one of many parallel readers the same day', async () => {
    const texts = await Promise.all(Array.from({ length: 24 }, () => get(`Immunization?date=${DAY}`, coord).then((r) => r.json() as Promise<Bundle>)));
    expect(new Set(texts.map((b) => JSON.stringify(b.entry))).size).toBe(1);
  });
});
