import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tempDir } from '../testing/harness';
import { createApp } from '../core';
import type { CentralSim } from '../../tools/central-sim/server';
import { LOCATION, startSim } from '../sync/testing/fixture';

/**
 * A center set up from scratch, through the command line only (issue 18): nothing but the
 * first-run call over `vaxdesk serve`'s HTTP API, then `vaxdesk sync` pulls. No demo, no fixture
 * writing the center behind the app's back.
 */
// Asynchronous on purpose: the central system runs in this process and must keep answering.
async function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const p = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  p.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  const [status] = (await once(p, 'close')) as [number | null];
  return { status, stdout, stderr };
}

let sim: CentralSim;
let dir: string;
let serve: ChildProcess | null = null;
beforeAll(async () => {
  ({ sim } = await startSim({ invitations: 25, token: 'fresh-token', firstDay: new Date().toISOString().slice(0, 10), days: 3 }));
  dir = tempDir('vaxdesk-fresh-');
}, 60_000);
afterAll(async () => {
  if (serve && serve.exitCode === null) serve.kill('SIGKILL');
  await sim?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Starts `vaxdesk serve` on an ephemeral loopback port and resolves with its address once it prints it. */
async function startServe(dataDir: string): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), 'serve', '--data', dataDir, '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /open (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    proc.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
  });
  return { proc, url };
}

async function api(url: string, method: string, body: unknown, token?: string) {
  const r = await fetch(`${url}/api/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  return (await r.json()) as { ok: boolean; value?: Record<string, unknown>; error?: { code: string; message: string } };
}

it('a fresh data folder: `vaxdesk sync` first refuses and says what to run; after `vaxdesk serve` and the first-run call, it pulls', async () => {
  const tokenFile = path.join(dir, '..', `${path.basename(dir)}-token.txt`);
  fs.writeFileSync(tokenFile, 'fresh-token\n');
  const syncArgs = ['sync', '--data', dir, '--central', sim.url, '--location', LOCATION, '--token-file', tokenFile];

  const empty = await cli(syncArgs);
  expect(empty.status).toBe(2);
  expect(empty.stderr).toContain(`vaxdesk serve --data ${JSON.stringify(dir)}`);

  // serve once and leave without the first run: the database exists, the center does not.
  const s0 = await startServe(dir);
  serve = s0.proc;
  expect((await api(s0.url, 'session.status', {})).value).toMatchObject({ setupRequired: true, centerRequired: true });
  await stop(s0.proc);
  const refused = await cli(syncArgs);
  expect(refused.status).toBe(2);
  expect(refused.stderr).toContain('This data folder has no center yet');
  expect(refused.stderr).toContain(`vaxdesk serve --data ${JSON.stringify(dir)}`);

  const s = await startServe(dir);
  serve = s.proc;
  const first = await api(s.url, 'setup.createFirstCoordinator', { displayName: 'Inge Maes', pin: '135790', locale: 'nl', center: { name: 'Vaccinatiecentrum Leuven' } });
  expect(first).toMatchObject({ ok: true });
  const token = String(first.value!.token);
  expect((await api(s.url, 'center.get', {}, token)).value).toMatchObject({ center: { id: null, name: 'Vaccinatiecentrum Leuven' } });
  await stop(s.proc);

  const ok = await cli(syncArgs);
  expect(ok.stdout).toContain(`The center "Vaccinatiecentrum Leuven" is now Location/${LOCATION} at the central system.`);
  expect(ok.stderr).not.toContain('error:');
  expect(ok.stdout).toMatch(/pulled 25 \(25 new, 0 changed, full resync\); pushed 0, parked 0, waiting 0/);
  expect(ok.status).toBe(0);

  const again = await cli(syncArgs);
  expect(again.status).toBe(0);
  expect(again.stdout).toMatch(/pulled \d+ \(0 new/);

  // Another Location than the center's is refused, naming both and what to do.
  const other = await cli(['sync', '--data', dir, '--central', sim.url, '--location', 'loc-elsewhere', '--token-file', tokenFile]);
  expect(other.status).toBe(2);
  expect(other.stderr).toContain(`is Location/${LOCATION} at the central system; --location loc-elsewhere names another center`);
  expect(other.stderr).toContain('Sync → connection');

  const app = createApp({ dataDir: dir });
  try {
    expect(app.core.store.center.get()).toMatchObject({ id: LOCATION, name: 'Vaccinatiecentrum Leuven' });
    const byCenter = app.core.store.db.prepare(`SELECT center_id AS c, count(*) AS n FROM invitations GROUP BY 1`).all();
    expect(byCenter).toEqual([{ c: LOCATION, n: 25 }]);
    const [a] = app.core.store.db.prepare(`SELECT action, actor_name AS who FROM audit_log WHERE action = 'center.setId'`).all() as { action: string; who: string }[];
    expect(a).toEqual({ action: 'center.setId', who: 'vaxdesk sync' });
  } finally {
    app.close();
    fs.rmSync(tokenFile, { force: true });
  }
}, 120_000);

async function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null) return;
  const exited = once(p, 'exit');
  p.kill('SIGTERM');
  await exited;
}
