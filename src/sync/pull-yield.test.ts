import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';
import type { CentralSim } from '../../tools/central-sim/server';
import { SyncEngine } from './engine';
import { DEFAULT_PULL } from './pull';
import { connect, differences, startSim } from './testing/fixture';

// How the pull shares the one connection with the desk: what another task on the event loop
// (a check-in, a search) sees of the invitations table while a pull of 2,000 runs.
let sim: CentralSim;
const apps: TestApp[] = [];
beforeAll(async () => {
  ({ sim } = await startSim({ invitations: 2_000 }));
}, 60_000);
afterAll(async () => {
  for (const a of apps) a.cleanup();
  await sim?.stop();
});

async function pullWatched(desk: 'quiet' | 'busy') {
  const t = testApp();
  apps.push(t);
  connect(t, sim);
  const seen: number[] = [];
  const keepBusy = desk === 'busy' ? setInterval(() => t.core.desk.touch(), 1) : null;
  if (keepBusy) t.core.desk.touch();
  let pulling = true;
  const watch = (async () => {
    while (pulling) {
      seen.push(t.core.store.invitations.count());
      await new Promise((r) => setImmediate(r));
    }
  })();
  const r = await new SyncEngine(t.core, { pull: { ...DEFAULT_PULL, pageSize: 1_000, batchRows: 2_000, sliceRows: 100 } })
    .run()
    .finally(() => (pulling = false));
  await watch;
  if (keepBusy) clearInterval(keepBusy);
  expect(r.error).toBeNull();
  expect(t.core.store.invitations.count()).toBe(2_000);
  expect(await differences(t, sim)).toEqual([]);
  return new Set(seen);
}

it('while the desk is busy, a page is written in slices and other work runs between them', async () => {
  const seen = await pullWatched('busy');
  // Slices of 100 rows of pages of 1,000: the watcher saw the table grow in steps inside a page.
  const inside = [...seen].filter((n) => n % 1_000 !== 0);
  expect(inside.length).toBeGreaterThanOrEqual(5);
  for (const n of inside) expect(n % 100).toBe(0);
}, 60_000);

it('while the desk is quiet, pages are gathered and committed together', async () => {
  const seen = await pullWatched('quiet');
  // batchRows 2,000: both pages commit in one transaction, so nothing in between is ever visible.
  expect([...seen].sort((a, b) => a - b)).toEqual(seen.has(2_000) ? [0, 2_000] : [0]);
}, 60_000);
