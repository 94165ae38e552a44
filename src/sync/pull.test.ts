import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from 'fhir/r4';
import { testApp, type TestApp } from '../testing/harness';
import { centralChanges } from '../../tools/central-sim/population';
import type { CentralSim } from '../../tools/central-sim/server';
import type { World } from '../../tools/central-sim/population';
import { SyncEngine } from './engine';
import { DEFAULT_PULL } from './pull';
import { connect, differences, startSim } from './testing/fixture';

let sim: CentralSim;
let world: World;
let t: TestApp;
// Seeding puts 10,000 records within a second or two of central's clock: a small overlap keeps the incremental pull incremental.
const PULL = { ...DEFAULT_PULL, overlapMs: 200 };

beforeAll(async () => {
  ({ sim, world } = await startSim({ invitations: 10_000 }));
  t = testApp();
  connect(t, sim);
}, 60_000);
afterAll(async () => {
  t?.cleanup();
  await sim?.stop();
});

describe('pull from the central system over FHIR', () => {
  it('first pull: 10,000 invitations page by page, with progress, equal to central', async () => {
    const progress: { pages: number; entries: number; total: number | null }[] = [];
    const engine = new SyncEngine(t.core, { pull: PULL });
    t.core.events.subscribe((e) => {
      if (e.kind === 'sync') progress.push(engine.status().progress);
    });
    const heap0 = process.memoryUsage().heapUsed;
    let heapMax = heap0;
    const sampler = setInterval(() => (heapMax = Math.max(heapMax, process.memoryUsage().heapUsed)), 50);
    const t0 = Date.now();
    const r = await engine.run();
    clearInterval(sampler);
    const ms = Date.now() - t0;
    expect(r.error).toBeNull();
    expect(r.ok).toBe(true);
    expect(r.pulled!.inserted).toBe(10_000);
    expect(r.pulled!.pages).toBe(10);
    expect(r.pulled!.full).toBe(true);
    expect(t.core.store.invitations.count()).toBe(10_000);
    expect(await differences(t, sim)).toEqual([]);
    const pulls = progress.filter((p) => p.pages > 0);
    expect(pulls.at(-1)).toMatchObject({ pages: 10, entries: 10_000, total: 10_000 });
    expect(new Set(pulls.map((p) => p.pages)).size).toBe(10);
    console.log(`first pull: 10,000 invitations in ${ms} ms, 10 pages, heap +${Math.round((heapMax - heap0) / 1e6)} MB peak`);
  }, 90_000);

  it('incremental pull: new, rescheduled and cancelled invitations arrive; a local arrival is never overwritten', async () => {
    const snapshot = t.core.store.sync.snapshot();
    const arrivedHere = snapshot.find((s) => s.status === 'booked')!;
    const inv = t.core.store.invitations.get(arrivedHere.id)!;
    t.core.store.tx(() => t.core.store.invitations.update({ ...inv, status: 'arrived' }, 'now'));
    const cur = await sim.engine.read<Appointment>('Appointment', arrivedHere.id);
    await sim.engine.update({ ...cur, status: 'cancelled' });
    const changed = await centralChanges(sim, world, { add: 25, reschedule: 15, cancel: 10, firstDay: '2021-03-01', days: 30 });

    const r = await new SyncEngine(t.core, { pull: PULL }).run();
    expect(r.error).toBeNull();
    expect(r.pulled!.full).toBe(false);
    expect(r.pulled!.inserted).toBe(25);
    // 15 + 10 + our own cancelled one, plus at most the overlap window's few repeats as "unchanged".
    expect(r.pulled!.updated).toBe(26);
    // Only what changed since the cursor, not the 10,000 (the overlap re-reads the tail of the
    // seeding burst, how much depends on the machine's load).
    expect(r.pulled!.entries).toBeLessThan(5_000);
    expect(r.pulled!.unchanged).toBe(r.pulled!.entries - 25 - 26);
    for (const id of changed.added) expect(t.core.store.invitations.get(id)?.status).toBe('booked');
    for (const id of changed.cancelled) expect(t.core.store.invitations.get(id)?.status).toBe('cancelled');
    for (const id of changed.rescheduled) {
      const a = await sim.engine.read<Appointment>('Appointment', id);
      expect(t.core.store.invitations.get(id)?.startAt).toBe(new Date(a.start!).toISOString());
    }
    expect(t.core.store.invitations.get(arrivedHere.id)!.status).toBe('arrived');
    const diffs = await differences(t, sim);
    expect(diffs).toEqual([`differs: ${arrivedHere.id} local arrived ${arrivedHere.startAt} central cancelled ${arrivedHere.startAt}`]);
    // Put it back so later tests compare cleanly.
    t.core.store.tx(() => t.core.store.invitations.update({ ...t.core.store.invitations.get(arrivedHere.id)!, status: 'cancelled' }, 'now'));
  }, 60_000);

});
