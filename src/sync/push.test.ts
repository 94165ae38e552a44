import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment, Immunization, Patient, Slot } from 'fhir/r4';
import { testApp, type TestApp } from '../testing/harness';
import type { CentralSim } from '../../tools/central-sim/server';
import { seedDemoLot } from '../db/reception-demo';
import { makeNiss } from '../domain/niss';
import { SyncEngine, type EngineOptions } from './engine';
import { FhirCentral, type CentralSystem } from './central';
import { DEFAULT_PULL } from './pull';
import { immunizationId, slotId } from './fhir/ids';
import { BE_EXT_ADMINISTERED_PRODUCT, SSIN_SYSTEM } from './fhir/vocabulary';
import { slotCapacity } from './fhir/mappers';
import type { CapacitySource } from './push';
import { CENTER, checkIn, connect, startSim } from './testing/fixture';

let sim: CentralSim;
let t: TestApp;
let rec: string;
const slotsByVersion: Record<number, { date: string; time: string; minutes: number; capacity: number }[]> = {
  1: [
    { date: '2021-03-02', time: '09:00', minutes: 15, capacity: 6 },
    { date: '2021-03-02', time: '09:15', minutes: 15, capacity: 6 },
    { date: '2021-03-02', time: '09:30', minutes: 15, capacity: 4 },
  ],
  2: [
    { date: '2021-03-02', time: '09:00', minutes: 15, capacity: 8 },
    { date: '2021-03-02', time: '09:15', minutes: 15, capacity: 6 },
  ],
};
const capacity: CapacitySource = (_s, v) => (slotsByVersion[v] ? { slots: slotsByVersion[v]! } : null);
const FAST: Partial<EngineOptions> = { pull: { ...DEFAULT_PULL, pageSize: 200 }, backoff: { baseMs: 10, capMs: 50 }, capacity, timeoutMs: 3000 };
const engine = (o: Partial<EngineOptions> = {}) => new SyncEngine(t.core, { ...FAST, ...o });

async function central<T extends { resourceType: string }>(type: T['resourceType']): Promise<T[]> {
  return (await sim.engine.all(type as never)) as unknown as T[];
}
const booked = () => t.core.store.sync.snapshot().filter((s) => s.status === 'booked');

beforeAll(async () => {
  ({ sim } = await startSim({ invitations: 120, firstDay: '2021-03-01', days: 1 }));
  t = testApp();
  connect(t, sim);
  const coord = await t.setup();
  rec = await t.staffToken('receptionist', coord);
  for (const [i, p] of ['COMIRNATY', 'SPIKEVAX', 'VAXZEVRIA'].entries()) {
    seedDemoLot(t.core.store.db, { id: `lot-${i}`, productCode: p, lotNumber: `LOT${i}X`, expiryDate: '2021-12-31', vials: 50, dosesPerVial: 10, at: '2021-02-28T08:00:00Z' });
  }
  const r = await engine().run();
  if (r.error) throw new Error(r.error);
}, 60_000);
afterAll(async () => {
  t?.cleanup();
  await sim?.stop();
});

describe('push arrivals, doses, walk-ins and capacity', () => {
  it('sends everything once, and a second push of the same changes creates no duplicates', async () => {
    const people = booked().slice(0, 5);
    for (const p of people) await checkIn(t, rec, p.id);
    const vaccinated: string[] = [];
    for (const p of people.slice(0, 3)) {
      const inv = t.core.store.invitations.get(p.id)!;
      const lot = ['COMIRNATY', 'SPIKEVAX', 'VAXZEVRIA'].indexOf(inv.productCode!);
      const r = await t.must('outcomes.record', { invitationId: p.id, outcome: 'vaccinated', productCode: inv.productCode!, lotId: `lot-${lot}` }, rec);
      vaccinated.push(r.outcomeId);
    }
    const walkinNiss = makeNiss('1950-05-17', 411);
    const w = await t.call('walkins.register', { niss: walkinNiss, familyName: 'Lefèvre', givenName: 'Renée', birthDate: '1950-05-17', reason: 'came with her husband' }, rec);
    const walkin = w.ok ? w.value : await t.must('walkins.register', { niss: walkinNiss, familyName: 'Lefèvre', givenName: 'Renée', birthDate: '1950-05-17', reason: 'came with her husband', override: { guards: [String((w as { error: { details?: { guard?: string } } }).error.details?.guard)] as never, reason: 'test override' } }, rec);
    const walkinId = walkin.hit.invitationId;
    t.core.store.tx(() => t.core.store.outbox.add('capacity.publish', { version: 1 }, '2021-03-01T09:00:00Z'));
    const queued = t.core.store.outbox.counts().pending;
    expect(queued).toBe(5 + 3 * 2 + 1 + 1);

    const r = await engine().run({ pushOnly: true });
    expect(r.error).toBeNull();
    expect(r.pushed).toMatchObject({ pushed: queued, parked: 0, retrying: 0 });
    expect(t.core.store.outbox.counts()).toEqual({ pending: 0, parked: 0 });

    const appts = new Map((await central<Appointment>('Appointment')).map((a) => [a.id!, a]));
    for (const p of people.slice(0, 3)) expect(appts.get(p.id)!.status).toBe('fulfilled');
    for (const p of people.slice(3)) expect(appts.get(p.id)!.status).toBe('arrived');
    const imms = await central<Immunization>('Immunization');
    expect(imms.map((i) => i.id).sort()).toEqual(vaccinated.map((v) => immunizationId(CENTER, v)).sort());
    // BeVaccination: the lot travels in be-ext-administeredProduct (Immunization.lotNumber is 0..0 there).
    const lotOf = (i: Immunization) => i.extension?.find((e) => e.url === BE_EXT_ADMINISTERED_PRODUCT)?.extension?.find((e) => e.url === 'lotNumber')?.valueString;
    expect(imms.every((i) => /^LOT\dX$/.test(lotOf(i) ?? '') && i.status === 'completed')).toBe(true);
    const wa = appts.get(walkinId)!;
    const patients = await central<Patient>('Patient');
    expect(patients).toHaveLength(1);
    expect(patients[0]!.identifier).toEqual([{ system: SSIN_SYSTEM, value: walkinNiss }]);
    expect(wa.participant?.map((p) => p.actor?.reference)).toEqual(['Location/loc-heysel', `Patient/${patients[0]!.id}`]);
    expect(wa.status).toBe('arrived');
    const slots = await central<Slot>('Slot');
    expect(slots.map((s) => s.id).sort()).toEqual(['0900', '0915', '0930'].map((hm) => slotId(CENTER, '2021-03-02', `${hm.slice(0, 2)}:${hm.slice(2)}`)));
    expect(slots.every((s) => s.status === 'free')).toBe(true);
    // Our own pushes are not pulled back as changes.
    const again = await engine().run();
    expect(again.pulled!.inserted).toBe(0);

    // The same changes again (a retry after a lost confirmation): central must not grow.
    const counts = async () => ({
      a: (await central('Appointment')).length,
      i: (await central('Immunization')).length,
      p: (await central('Patient')).length,
      s: (await central('Slot')).length,
    });
    const before = await counts();
    t.core.store.tx(() => {
      for (const v of vaccinated) t.core.store.outbox.add('immunization', { vaccinationId: v }, 'x');
      t.core.store.outbox.add('walkin', { invitationId: walkinId }, 'x');
      t.core.store.outbox.add('capacity.publish', { version: 1 }, 'x');
      t.core.store.outbox.add('appointment.status', { invitationId: people[3]!.id, status: 'arrived', at: 'x' }, 'x');
    });
    const r2 = await engine().run({ pushOnly: true });
    expect(r2.pushed).toMatchObject({ pushed: 6, parked: 0 });
    expect(await counts()).toEqual(before);
    const vs = await sim.engine.repo.readHistory('Appointment', people[3]!.id);
    expect(vs.entry!.filter((e) => (e.resource as Appointment).status === 'arrived')).toHaveLength(1);
  }, 60_000);

  it('a republished capacity withdraws a vanished slot as busy-unavailable, never deleting it', async () => {
    t.core.store.tx(() => t.core.store.outbox.add('capacity.publish', { version: 2 }, 'x'));
    const r = await engine().run({ pushOnly: true });
    expect(r.pushed).toMatchObject({ pushed: 1, parked: 0 });
    const slots = new Map((await central<Slot>('Slot')).map((s) => [s.id!, s]));
    expect(slots.size).toBe(3);
    expect(slots.get(slotId(CENTER, '2021-03-02', '09:30'))!.status).toBe('busy-unavailable');
    expect(slotCapacity(slots.get(slotId(CENTER, '2021-03-02', '09:00'))!)).toBe(8);
  });

  it('on a version conflict (412) it re-reads and merges forward, keeping what central changed', async () => {
    const p = booked()[0]!;
    await checkIn(t, rec, p.id);
    let raced = false;
    const racing: EngineOptions['central'] = (c, token, ms) => {
      const real = new FhirCentral({ baseUrl: c.baseUrl, token, timeoutMs: ms });
      return {
        searchAppointments: (q) => real.searchAppointments(q),
        nextPage: (l) => real.nextPage(l),
        read: (ty, id) => real.read(ty, id),
        checkConnection: (l) => real.checkConnection(l),
        createIfNoneExist: (ty, r, q) => real.createIfNoneExist(ty, r, q),
        put: async (ty, id, res, ifMatch) => {
          if (!raced && ty === 'Appointment') {
            raced = true; // central changes the appointment between our read and our write
            const cur = await sim.engine.read<Appointment>('Appointment', id);
            await sim.engine.update({ ...cur, comment: 'moved to hall B by central' });
          }
          return real.put(ty, id, res, ifMatch);
        },
      } satisfies CentralSystem;
    };
    const r = await engine({ central: racing }).run({ pushOnly: true });
    expect(r.pushed).toMatchObject({ pushed: 1, parked: 0 });
    const a = await sim.engine.read<Appointment>('Appointment', p.id);
    expect(a.status).toBe('arrived');
    expect(a.comment).toBe('moved to hall B by central');
    // Never backward: central already says noshow, our late "arrived" does not undo it.
    const q = booked()[0]!;
    await checkIn(t, rec, q.id);
    await sim.engine.update({ ...(await sim.engine.read<Appointment>('Appointment', q.id)), status: 'fulfilled' });
    await engine().run({ pushOnly: true });
    expect((await sim.engine.read<Appointment>('Appointment', q.id)).status).toBe('fulfilled');
    // A deliberate local undo does step back, because central is still where we put it.
    const u = booked()[0]!;
    await checkIn(t, rec, u.id);
    await engine().run({ pushOnly: true });
    expect((await sim.engine.read<Appointment>('Appointment', u.id)).status).toBe('arrived');
    await t.must('arrivals.undo', { invitationId: u.id, reason: 'wrong person' }, rec);
    await engine().run({ pushOnly: true });
    expect((await sim.engine.read<Appointment>('Appointment', u.id)).status).toBe('booked');
  });

  it('parks what cannot succeed without blocking the rest, and keeps order behind it', async () => {
    const ghost = booked()[0]!;
    const other = booked()[1]!;
    // Central lost this appointment: 404 is not retryable.
    (sim.engine.repo as unknown as { resources: Map<string, Map<string, unknown>> }).resources.get('Appointment')!.delete(ghost.id);
    await checkIn(t, rec, ghost.id);
    t.core.store.tx(() => t.core.store.outbox.add('appointment.status', { invitationId: ghost.id, status: 'noshow', at: 'x' }, 'x'));
    await checkIn(t, rec, other.id);
    const r = await engine().run({ pushOnly: true });
    expect(r.pushed).toMatchObject({ pushed: 1, parked: 1 });
    const parked = t.core.store.sync.parked();
    expect(parked).toHaveLength(1);
    expect(parked[0]).toMatchObject({ resourceKey: `appointment:${ghost.id}`, waitingBehind: 1 });
    expect(parked[0]!.lastError).toMatch(/404/);
    expect((await sim.engine.read<Appointment>('Appointment', other.id)).status).toBe('arrived');
    expect(t.core.store.outbox.counts()).toEqual({ pending: 1, parked: 1 });
  });
});

describe('outage', () => {
  it('a check-in made while central is down reaches it exactly once after it comes back', async () => {
    // Clear what the previous test parked.
    for (const p of t.core.store.sync.parked()) t.core.store.tx(() => t.core.store.sync.done(p.id));
    for (const e of t.core.store.sync.due('9999', 100)) t.core.store.tx(() => t.core.store.sync.done(e.id));
    await sim.stop();
    const p = booked()[0]!;
    await checkIn(t, rec, p.id);
    const e = engine();
    const down = await e.run();
    expect(down.unreachable).toBe(true);
    expect(e.status().state).toBe('offline');
    expect(t.core.store.outbox.counts().pending).toBe(1);
    const entry = t.core.store.outbox.forResource(`appointment:${p.id}`)[0]!;
    expect(entry.attempts).toBe(1); // tried once, then waits for its backoff
    expect(entry.lastError).toMatch(/network/);
    await sim.start();
    t.clock.advance(1_000); // past the entry's backoff
    const up = await e.run();
    expect(up.error).toBeNull();
    expect(e.status().state).toBe('online');
    expect(t.core.store.outbox.counts()).toEqual({ pending: 0, parked: 0 });
    const history = await sim.engine.repo.readHistory('Appointment', p.id);
    expect(history.entry!.filter((x) => (x.resource as Appointment).status === 'arrived')).toHaveLength(1);
  }, 30_000);
});
