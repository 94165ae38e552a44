import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';
import type { CentralSim } from '../../tools/central-sim/server';
import { SyncEngine } from './engine';
import { FhirCentral } from './central';
import { DEFAULT_PULL } from './pull';
import { PULL_KEY, type PullState } from './settings';
import { connect, startSim } from './testing/fixture';
import { budget, sized } from '../testing/soak';
import { recordFigures } from '../../tests/figures';

let sim: CentralSim;
const apps: TestApp[] = [];
const kills: { desk: Desk; killedAfterPage: number; pages: number; stored: number; resumedEntries: number }[] = [];
afterAll(async () => {
  if (kills.length) recordFigures('pull-kill', { total: TOTAL, pageSize: PAGE, kills: kills.length, equalToUninterrupted: kills.length, runs: kills });
  for (const a of apps) a.cleanup();
  await sim?.stop();
});

const PAGE = 200;
const TOTAL = 3_000;
/** quiet: pages commit three at a time; busy: a receptionist is working, so every page commits in slices of 7 rows. */
type Desk = 'quiet' | 'busy';
/** Kills per kind of desk, each at its own random page: `npm test` 1, `npm run soak` 5 (src/testing/soak.ts). */
const ROUNDS = sized(1, 5, 'PULL_KILLS');
const CASES = (['quiet', 'busy'] as const).flatMap((desk) => Array.from({ length: ROUNDS }, (_, i) => ({ desk, round: i + 1 })));

/** Runs the child pull and SIGKILLs it right after it reports page `killAt`. */
function pullAndKill(dir: string, killAt: number, clock: string, desk: Desk): Promise<{ seen: number; signal: NodeJS.Signals | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'testing', 'pull-child.ts'), dir, String(PAGE), clock, String(3 * PAGE), desk], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let seen = 0;
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('done')) console.log(`child finished before the kill: ${line}`);
    const m = /^page (\d+)$/.exec(line);
    if (m) {
      seen = Number(m[1]);
      if (seen === killAt) child.kill('SIGKILL');
    }
  });
  return new Promise((resolve) => child.on('exit', (_code, signal) => resolve({ seen, signal })));
}

it.each(CASES)('a pull killed at a random page (desk $desk, kill $round) resumes from its cursor and ends equal to an uninterrupted pull', async ({ desk }) => {
  sim ??= (await startSim({ invitations: TOTAL, firstDay: '2021-03-01', days: 20 })).sim;
  const pages = TOTAL / PAGE;
  const killAt = 2 + Math.floor(Math.random() * (pages - 4));

  const crashed = testApp();
  apps.push(crashed);
  connect(crashed, sim);
  crashed.close();
  const run = await pullAndKill(crashed.dir, killAt, crashed.clock().toISOString(), desk);
  expect(run.signal).toBe('SIGKILL');

  const resumed = testApp({ dir: crashed.dir });
  apps.push(resumed);
  expect(resumed.core.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  const state = resumed.core.store.settings.get<PullState>(PULL_KEY)!;
  expect(state.fullPending).toBe(true);
  expect(state.cursor).not.toBeNull();
  const stored = resumed.core.store.invitations.count();
  expect(stored).toBeGreaterThanOrEqual(killAt * PAGE);
  expect(stored).toBeLessThan(TOTAL);

  const sinces: (string | null)[] = [];
  const r = await new SyncEngine(resumed.core, {
    // 3,000 records seeded within a second: a short overlap so the resume visibly starts at the cursor.
    pull: { ...DEFAULT_PULL, pageSize: PAGE, overlapMs: 50 },
    central: (c, token, ms) => {
      const real = new FhirCentral({ baseUrl: c.baseUrl, token, timeoutMs: ms });
      const search = real.searchAppointments.bind(real);
      real.searchAppointments = (q) => {
        sinces.push(q.since);
        return search(q);
      };
      return real;
    },
  }).run();
  expect(r.error).toBeNull();
  expect(sinces[0]).not.toBeNull(); // from the cursor, not from the start
  expect(r.pulled!.entries).toBeLessThan(TOTAL); // how much the overlap re-reads depends on the load
  expect(resumed.core.store.settings.get<PullState>(PULL_KEY)!.fullPending).toBe(false);

  const reference = testApp();
  apps.push(reference);
  connect(reference, sim);
  expect((await new SyncEngine(reference.core, { pull: { ...DEFAULT_PULL, pageSize: PAGE } }).run()).error).toBeNull();

  const strip = (rows: ReturnType<typeof resumed.core.store.sync.snapshot>) => rows.map((x) => JSON.stringify(x));
  expect(resumed.core.store.invitations.count()).toBe(TOTAL);
  expect(strip(resumed.core.store.sync.snapshot())).toEqual(strip(reference.core.store.sync.snapshot()));
  console.log(`desk ${desk}: pull killed after page ${run.seen} of ${pages} (${stored} stored), resumed with ${r.pulled!.entries} entries`);
  kills.push({ desk, killedAfterPage: run.seen, pages, stored, resumedEntries: r.pulled!.entries });
}, budget(1, 20_000));
