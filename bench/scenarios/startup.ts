/**
 * Scenario 7, startup: from spawning `node cli.js serve` (the bundled CLI, built the way
 * tools/build.mjs builds dist/cli.js) to its first successful API answer, on a copy of the region
 * database. The clock runs from before the spawn, so Node's own start is included.
 *
 * Twice: after a clean close (the usual morning: the database check runs behind the first
 * answers), and after a crash or power cut (no clean-close mark: the check runs before them).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { build } from 'esbuild';
import { CACHE_DIR, benchClock, emit, main, nowMs, scratchDir } from '../lib';
import { createApp } from '../../src/core';

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

async function firstAnswer(port: number): Promise<boolean> {
  try {
    const r = await fetch(`http://127.0.0.1:${port}/api/session.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    const body = (await r.json()) as { ok?: boolean; value?: { staff?: unknown[] } };
    return r.status === 200 && body.ok === true && Array.isArray(body.value?.staff) && body.value.staff.length > 0;
  } catch {
    return false;
  }
}

main(async ({ db, extra }) => {
  if (!db) throw new Error('--db is required');
  const outDir = path.join(CACHE_DIR, `cli-${process.pid}`);
  const cli = path.join(outDir, 'cli.js');
  await build({ bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', external: ['better-sqlite3', 'electron'], entryPoints: [path.join(__dirname, '../../src/cli.ts')], outfile: cli, nodePaths: [path.join(__dirname, '../../node_modules')] });
  const dir = scratchDir('startup');
  const file = path.join(dir, 'vaxdesk.sqlite');
  fs.copyFileSync(db, file);
  // Opened and closed once by the app itself, as a desk leaves it at night (untimed).
  createApp({ dataDir: dir, clock: benchClock() }).close();
  if (!fs.existsSync(`${file}.closed`)) throw new Error('the app did not mark its clean close');
  const rows = Number(extra.rows ?? 0);

  const clean = await timeToFirstAnswer(cli, dir);
  fs.rmSync(`${file}.closed`, { force: true });
  const unclean = await timeToFirstAnswer(cli, dir);
  fs.rmSync(outDir, { recursive: true, force: true });
  emit({ scenario: 'startup', n: rows, median_ms: Math.round(clean), target: '< 1000 ms', met: clean < 1000, note: 'after a clean close: spawn of node cli.js serve → first answer of POST /api/session.status; quick_check in a worker meanwhile' });
  emit({ scenario: 'startup.after-crash', n: rows, median_ms: Math.round(unclean), note: 'no clean-close mark: quick_check before the first answer' });
});

async function timeToFirstAnswer(cli: string, dir: string): Promise<number> {
  const port = await freePort();
  const t0 = nowMs();
  const child = spawn(process.execPath, [cli, 'serve', '--data', dir, '--port', String(port)], { stdio: ['ignore', 'ignore', 'inherit'], cwd: path.join(__dirname, '../..') });
  let exited: number | null = null;
  const done = new Promise<void>((resolve) => child.once('exit', (c) => ((exited = c ?? -1), resolve())));
  let ms = -1;
  while (nowMs() - t0 < 30_000 && exited === null) {
    if (await firstAnswer(port)) {
      ms = nowMs() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  // SIGTERM: the server stops as it does at night (backup, clean close) before the next start.
  child.kill('SIGTERM');
  await done;
  if (ms < 0) throw new Error(exited !== null ? `serve exited with ${exited} before answering` : 'no answer within 30 s');
  return ms;
}
