import { afterAll, expect, it } from 'vitest';
import type { Appointment, Slot } from 'fhir/r4';
import { testApp, type TestApp } from '../testing/harness';
import { seedDemo } from './seed';
import './seeders';
import { startSim, LOCATION, checkIn } from '../sync/testing/fixture';
import { inviteIntoFreeSlots } from '../../tools/central-sim/population';
import { SyncEngine } from '../sync/engine';
import type { CentralSim } from '../../tools/central-sim/server';

let t: TestApp;
let sim: CentralSim;
afterAll(async () => {
  t?.cleanup();
  await sim?.stop();
});

/**
 * `vaxdesk demo --central …` and the local central system together: the demo center publishes
 * capacity, central invites people into the free slots, the desk pulls them, a receptionist checks
 * one in, and the arrival flows back to central.
 */
it('shows the whole loop: publish capacity → invitations arrive → check in → arrival at central', async () => {
  t = testApp({ clockStart: '2021-03-01T07:00:00Z' });
  const started = await startSim({ invitations: 0, people: 400, firstDay: '2021-03-01', days: 14 });
  sim = started.sim;
  await seedDemo(t, { central: { baseUrl: sim.url, locationId: LOCATION, token: null } });
  expect(t.core.store.invitations.count()).toBe(0); // nothing made up locally

  const engine = new SyncEngine(t.core);
  expect((await engine.run()).error).toBeNull();
  const slots = (await sim.engine.all<Slot>('Slot')).filter((s) => s.status === 'free');
  expect(slots.length).toBeGreaterThan(0);

  const invited = await inviteIntoFreeSlots(sim, started.world, 40);
  expect(invited).toBeGreaterThan(0);
  const second = await engine.run();
  expect(second.error).toBeNull();
  expect(t.core.store.invitations.count()).toBe(invited);

  const staff = (await t.must('session.status', {})).staff.find((s) => s.displayName === 'Sofie Janssens')!;
  const token = (await t.must('session.login', { staffId: staff.id, pin: '3333' })).token;
  const today = (await t.must('day.list', { day: '2021-03-01' }, token)).rows;
  const someone = today[0] ?? (await t.must('invitations.search', { query: 'a' }, token)).hits[0]!;
  await checkIn(t, token, someone.invitationId);
  expect((await engine.run()).error).toBeNull();
  const atCentral = (await sim.engine.all<Appointment>('Appointment')).find((a) => a.id === someone.invitationId)!;
  expect(atCentral.status).toBe('arrived');
  expect(t.core.store.outbox.counts().pending).toBe(0);
}, 120_000);
