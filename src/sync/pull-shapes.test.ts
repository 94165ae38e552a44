import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from 'fhir/r4';
import { testApp, type TestApp } from '../testing/harness';
import { renamePeople, type PatientShape, type World } from '../../tools/central-sim/population';
import type { CentralSim } from '../../tools/central-sim/server';
import { checkNiss } from '../domain/niss';
import { SyncEngine } from './engine';
import { DEFAULT_PULL } from './pull';
import { CENTER_KEY, CONNECTION_KEY } from './settings';
import { CENTER, LOCATION, centralInvitations, differences, startSim } from './testing/fixture';

/**
 * The same pull against each way a national server carries the person (issue 16.2): contained,
 * logical reference (SSIN + display) and literal reference with _include. Central's invitations,
 * as VaxDesk maps them with the Patients central holds, must be what the desk has, names and
 * national numbers included.
 */
const N = 10_000;
const NATIONAL = 'https://www.vaccination-info.be/fhir/NamingSystem/invitation';
const PULL = { ...DEFAULT_PULL, overlapMs: 200 };

describe.each(['contained', 'logical', 'referenced'] as PatientShape[])('patients %s', (shape) => {
  let sim: CentralSim;
  let world: World;
  let t: TestApp;
  beforeAll(async () => {
    // Referenced: some Patients left out of their page, as servers do past their include limits.
    ({ sim, world } = await startSim({ invitations: N, patients: shape, invitationSystem: NATIONAL, dropIncludes: shape === 'referenced' ? 0.02 : 0 }));
    t = testApp();
    t.core.store.tx(() => {
      t.core.store.settings.put(CENTER_KEY, { id: CENTER, name: 'Heizel' });
      t.core.store.settings.put(CONNECTION_KEY, { baseUrl: sim.url, locationId: LOCATION, invitationSystem: NATIONAL });
    });
  }, 120_000);
  afterAll(async () => {
    t?.cleanup();
    await sim?.stop();
  });

  it(`first pull: ${N} invitations equal to central's, names and national numbers intact`, async () => {
    const r = await new SyncEngine(t.core, { pull: PULL }).run();
    expect(r.error).toBeNull();
    expect(r.pulled!.inserted).toBe(N);
    expect(r.pulled!.parked).toBe(0);
    expect(await differences(t, sim)).toEqual([]);
    const central = await centralInvitations(sim);
    const local = new Map(t.core.store.sync.snapshot().map((s) => [s.id, s]));
    let accents = 0;
    let born2000 = 0;
    let bis = 0;
    let twoGiven = 0;
    for (const [id, c] of central) {
      const p = t.core.store.people.byNiss(local.get(id)!.niss!)!;
      expect({ niss: p.niss, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate }).toEqual({ niss: c.niss, familyName: c.familyName, givenName: c.givenName, birthDate: c.birthDate });
      const check = checkNiss(p.niss!);
      if (!check.ok) throw new Error(`invalid NISS ${p.niss}`);
      if (/[^\x20-\x7e]/.test(p.familyName + p.givenName)) accents++;
      if (check.bis) bis++;
      else if (check.birthDate! >= '2000') born2000++;
      if (p.givenName.includes(' ')) twoGiven++;
      if (shape === 'referenced') expect(p.centralPatientId).toBe(world.patientIds.get(p.niss!));
    }
    // The population holds what must survive the trip.
    expect(accents).toBeGreaterThan(100);
    expect(born2000).toBeGreaterThan(50);
    expect(bis).toBeGreaterThan(50);
    expect(twoGiven).toBeGreaterThan(100);
    if (shape === 'logical') expect(t.core.store.people.countWithoutBirthDate()).toBe(N);
    else expect(t.core.store.people.countWithoutBirthDate()).toBe(0);
    if (shape === 'referenced') {
      // The Patients left out were fetched in batches, never one request per row.
      expect(sim.asked.patientReads).toBe(0);
      expect(r.pulled!.patientsFetched).toBeGreaterThan(50);
      expect(sim.asked.patientSearches).toBeLessThanOrEqual(r.pulled!.pages * 2);
      console.log(`referenced: ${r.pulled!.pages} pages, ${r.pulled!.patientsFetched} Patients fetched in ${sim.asked.patientSearches} Patient?_id= searches`);
    }
  }, 180_000);

  it('a person renamed at central is renamed on the next pull, even when the Appointment did not change', async () => {
    const renamed = await renamePeople(sim, world, 40);
    const searches = sim.asked.patientSearches;
    const r = await new SyncEngine(t.core, { pull: PULL }).run();
    expect(r.error).toBeNull();
    for (const [niss, family] of renamed) expect(t.core.store.people.byNiss(niss)!.familyName).toBe(family);
    if (shape === 'referenced') {
      expect(r.pulled!.peopleRefreshed).toBe(40);
      // Only the window's people, by id, in batches of 100 (plus a batch per Appointment page for
      // Patients the sim left out of it).
      const batches = Math.ceil(world.patientIds.size / 100);
      expect(sim.asked.patientSearches - searches).toBeGreaterThanOrEqual(batches);
      expect(sim.asked.patientSearches - searches).toBeLessThanOrEqual(batches + r.pulled!.pages);
      const a = (await sim.engine.all<Appointment>('Appointment'))[0]!;
      expect(a.meta!.versionId).toBe(t.core.store.invitations.get(a.id)!.versionId);
    }
    expect(await differences(t, sim)).toEqual([]);
  }, 120_000);
});
