/**
 * The pull as the benchmark drives it: the static page server in a child process (its cost is not
 * the pull's), and the real sync engine of src/sync pulling from it into an app's database.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../src/core';
import { ensurePages } from './pages';
import { CENTER, LOCATION_ID } from './data';

export interface PageServer {
  base: string;
  pages: number;
  total: number;
  stop(): void;
}

/** Serves rows [start, start+count) as pre-rendered pages; resolves once every page is in the server's memory. */
export async function startPageServer(start: number, count: number): Promise<PageServer> {
  const file = await ensurePages(start, count);
  const child = fork(path.join(__dirname, 'page-server.ts'), [file, String(count)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const info = await new Promise<{ base: string; pages: number; total: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { base: string; pages: number; total: number }));
    child.once('exit', (code) => reject(new Error(`page server exited with ${code}`)));
  });
  return { ...info, stop: () => child.kill() };
}

const SYNC = path.join(__dirname, '..', 'src', 'sync');

/** Why the pull cannot be benchmarked yet, or null when it can. */
export function pullAvailability(): string | null {
  for (const f of ['pull.ts', 'central.ts']) if (!fs.existsSync(path.join(SYNC, f))) return `the sync pull (src/sync/${f}) has not landed yet`;
  return null;
}

// The engine is loaded by path at run time, so the benchmark builds and its other scenarios run
// in a tree where the sync has not landed; these are the few shapes the benchmark relies on.
interface PullResult {
  entries: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  conflicts: string[];
}
interface PullModule {
  DEFAULT_PULL: { pageSize: number } & Record<string, number>;
  pullInvitations(ctx: object, opts?: { full?: boolean }): Promise<PullResult>;
}
interface CentralModule {
  FhirCentral: new (o: { baseUrl: string; token: string | null }) => object;
}

/**
 * Runs one pull of the whole window from the page server into the app's database, through the
 * sync engine's own pull with its defaults (a full resync of the window).
 */
export async function runPull(app: App, base: string): Promise<{ rows: number; result: PullResult }> {
  const why = pullAvailability();
  if (why) throw new Error(why);
  const { pullInvitations, DEFAULT_PULL } = require(path.join(SYNC, 'pull')) as PullModule;
  const { FhirCentral } = require(path.join(SYNC, 'central')) as CentralModule;
  const result = await pullInvitations(
    { store: app.core.store, central: new FhirCentral({ baseUrl: base, token: null }), centerId: CENTER.id, locationId: LOCATION_ID, now: app.core.clock, opts: DEFAULT_PULL, deskBusy: () => app.core.desk.busy() },
    { full: true },
  );
  if (result.conflicts.length) throw new Error(`pull conflicts: ${result.conflicts.slice(0, 3).join('; ')}`);
  return { rows: result.inserted + result.updated + result.unchanged, result };
}
