import { afterAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';
import type { CentralSim } from '../../tools/central-sim/server';
import { FAULT_KINDS } from '../../tools/central-sim/faults';
import { SyncEngine } from './engine';
import { DEFAULT_PULL } from './pull';
import { connect, differences, startSim } from './testing/fixture';

let sim: CentralSim;
let t: TestApp;
afterAll(async () => {
  t?.cleanup();
  await sim?.stop();
});

// The soak tier (VAXDESK_SOAK=1) drives the full size; npm test a small one.
const TARGET = process.env.VAXDESK_SOAK === '1' ? 1_000 : 200;

it(`pull in the referenced shape converges through ≥${TARGET} requests with a third faulted`, async () => {
  ({ sim } = await startSim({ invitations: 300, firstDay: '2021-03-01', days: 2, faultSeed: 11, patients: 'referenced', dropIncludes: 0.1 }));
  t = testApp();
  connect(t, sim);
  const opts = { pull: { ...DEFAULT_PULL, pageSize: 25, overlapMs: 200 }, backoff: { baseMs: 20, capMs: 400 }, timeoutMs: 600 };
  expect((await new SyncEngine(t.core, { ...opts, timeoutMs: 10_000 }).run()).error).toBeNull();
  sim.faults = { rate: 0.34, kinds: FAULT_KINDS, hangMs: 900, latencyMs: [10, 120] };
  const start = sim.stats.requests;
  const startFaulted = sim.stats.faulted;
  let runs = 0;
  let failed = 0;
  while (sim.stats.requests - start < TARGET) {
    runs++;
    const r = await new SyncEngine(t.core, opts).run({ full: runs % 5 === 0 });
    if (r.error) failed++;
  }
  sim.faults = { ...sim.faults, rate: 0 };
  const calm = await new SyncEngine(t.core, { ...opts, timeoutMs: 10_000 }).run({ full: true });
  expect(calm.error).toBeNull();
  expect(await differences(t, sim)).toEqual([]);
  const snapshot = t.core.store.sync.snapshot();
  expect(new Set(snapshot.map((s) => s.id)).size).toBe(snapshot.length);
  expect(snapshot).toHaveLength(300);
  expect(t.core.store.pullParked.count()).toBe(0);
  const requests = sim.stats.requests - start;
  const faulted = sim.stats.faulted - startFaulted;
  console.log(`referenced fault run: ${requests} requests, ${faulted} faulted (${Math.round((100 * faulted) / requests)} %), ${runs} pulls, ${failed} failed and retried; converged, ${snapshot.length} invitations, no duplicates`);
  expect(faulted / requests).toBeGreaterThan(0.25);
}, 600_000);

