/**
 * What every scenario process shares: arguments, timing, the result line, the bench clock and
 * an app over a private copy of a cached database.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createApp, startBackgroundCheckpoints, type App } from '../src/core';
import type { Clock } from '../src/domain/time';
import { NOW_ISO } from './data';

export const BENCH_DIR = __dirname;
export const CACHE_DIR = path.join(BENCH_DIR, '.cache');

export interface ScenarioArgs {
  n: number;
  smoke: boolean;
  /** The cached database (built by prepare.ts) a scenario copies, when it needs one. */
  db: string | null;
  /** The pre-rendered page file (pages.ts), when it needs one. */
  pages: string | null;
  extra: Record<string, string>;
}

export function scenarioArgs(): ScenarioArgs {
  const { values } = parseArgs({
    options: { n: { type: 'string' }, smoke: { type: 'boolean' }, db: { type: 'string' }, pages: { type: 'string' }, x: { type: 'string', multiple: true } },
    allowPositionals: false,
  });
  const extra: Record<string, string> = {};
  for (const kv of values.x ?? []) {
    const i = kv.indexOf('=');
    extra[kv.slice(0, i)] = kv.slice(i + 1);
  }
  return { n: Number(values.n ?? 1000), smoke: values.smoke ?? false, db: values.db ?? null, pages: values.pages ?? null, extra };
}

/** One measured figure. A scenario process prints one or more of these, one JSON object per line, prefixed so the runner can find them. */
export interface Measure {
  scenario: string;
  n?: number;
  median_ms?: number;
  p50_ms?: number;
  p99_ms?: number;
  rows_per_s?: number;
  ratio?: number;
  peak_rss_mb?: number;
  /** What the figure is compared with, in words ("p99 < 2 ms"), and whether it was met. */
  target?: string;
  met?: boolean;
  skipped?: string;
  note?: string;
}

export const RESULT_PREFIX = 'BENCH-RESULT ';

export function emit(m: Measure): void {
  process.stdout.write(RESULT_PREFIX + JSON.stringify(m) + '\n');
}

export function peakRssMb(): number {
  // maxRSS is in kilobytes.
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** p50 and p99 of a list of durations in ms. */
export function latency(ms: number[]): { p50_ms: number; p99_ms: number } {
  const s = [...ms].sort((a, b) => a - b);
  return { p50_ms: round(percentile(s, 50)), p99_ms: round(percentile(s, 99)) };
}

export const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/** The bench clock: the fixed bench day, ticking with real time so that instants stay distinct. */
export function benchClock(): Clock {
  const base = Date.parse(NOW_ISO);
  const t0 = Date.now();
  return () => new Date(base + (Date.now() - t0));
}

/** A private temporary folder, removed at exit. */
export function scratchDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `vaxdesk-bench-${prefix}-`));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** An app over a copy of the cached database, so that writes in one run never leak into the next. */
export function appOnCopy(cachedDb: string, prefix: string): { app: App; dir: string } {
  const dir = scratchDir(prefix);
  const file = path.join(dir, 'vaxdesk.sqlite');
  fs.copyFileSync(cachedDb, file);
  // The copy is the harness's own I/O: flushed to disk before anything is timed, so the kernel's
  // write-back of 1.6 GB does not land in the middle of a scenario's measurements.
  const fd = fs.openSync(file, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  // dbFile, not dataDir: the open-time integrity check of a data folder (30 s on a million rows)
  // is not what these scenarios measure; the startup scenario measures it.
  const app = createApp({ dbFile: file, clock: benchClock() });
  // As the desk server and Electron run it: checkpoints in a worker thread.
  startBackgroundCheckpoints(app);
  return { app, dir };
}

export const BENCH_PIN = '2468';
export const BENCH_RECEPTIONIST = 'Bench Receptionist';

/** Logs the cached receptionist in through the dispatcher and returns the session token. */
export async function receptionistToken(app: App): Promise<string> {
  const status = await app.dispatch('session.status', {}, null);
  if (!status.ok) throw new Error(`session.status: ${status.error.message}`);
  const staff = (status.value as { staff: { id: string; displayName: string }[] }).staff.find((s) => s.displayName === BENCH_RECEPTIONIST);
  if (!staff) throw new Error('the cached database has no bench receptionist');
  const r = await app.dispatch('session.login', { staffId: staff.id, pin: BENCH_PIN, deskId: 'bench-desk' }, null);
  if (!r.ok) throw new Error(`session.login: ${r.error.message}`);
  return (r.value as { token: string }).token;
}

/** Runs a scenario's main, turning any failure into a non-zero exit the runner reports. */
export function main(fn: (args: ScenarioArgs) => Promise<void>): void {
  fn(scenarioArgs()).then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}

/** A keep-alive JSON client for the desk server, as a browser desk holds one connection open. */
export function deskClient(baseUrl: string, token: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const u = new URL(baseUrl);
  return {
    call(method: string, input: unknown): Promise<{ status: number; body: string }> {
      const body = JSON.stringify(input);
      return new Promise((resolve, reject) => {
        const req = http.request(
          {
            agent,
            host: u.hostname,
            port: u.port,
            method: 'POST',
            path: `/api/${method}`,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    },
    close: () => agent.destroy(),
  };
}

/** Waits for the background checkpoint thread to take over (the desk connection then stops checkpointing itself). */
export async function checkpointsReady(app: App): Promise<void> {
  const t0 = Date.now();
  while (app.core.store.db.pragma('wal_autocheckpoint', { simple: true }) !== 0) {
    if (Date.now() - t0 > 10_000) throw new Error('the background checkpoint thread did not start');
    await new Promise((r) => setTimeout(r, 5));
  }
}
