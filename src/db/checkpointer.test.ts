import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, WAL_SIZE_LIMIT, type Db } from './open';
import { BACKSTOP_PAGES, startCheckpointer, type Checkpointer } from './checkpointer';
import { tempDir } from '../testing/harness';

let dir: string;
let db: Db | null = null;
let cp: Checkpointer | null = null;
afterEach(() => {
  cp?.stop();
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const until = async (what: () => boolean, ms = 10_000) => {
  const t0 = Date.now();
  while (!what()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

it('a worker thread checkpoints the WAL, and the desk connection keeps only a backstop while the worker runs', async () => {
  dir = tempDir();
  const file = path.join(dir, 'vaxdesk.sqlite');
  db = openDatabase(file);
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  const rounds: { log: number; checkpointed: number }[] = [];
  cp = startCheckpointer(db, file, 20, (r) => rounds.push(r));
  await until(() => db!.pragma('wal_autocheckpoint', { simple: true }) === BACKSTOP_PAGES);

  // 3,000 pages of writes: without a checkpoint anywhere the WAL would only grow.
  const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
  for (let i = 0; i < 300; i++) db.transaction(() => { for (let k = 0; k < 10; k++) put.run(`k${i}-${k}`, 'x'.repeat(3000)); }).immediate();
  await until(() => rounds.some((r) => r.checkpointed >= 2_000));

  cp.stop();
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  expect(db.prepare(`SELECT count(*) AS n FROM settings WHERE key LIKE 'k%'`).get()).toEqual({ n: 3000 });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
});

it('a writer that never pauses (a pull, batch after batch) cannot grow the WAL past the backstop', async () => {
  dir = tempDir();
  const file = path.join(dir, 'vaxdesk.sqlite');
  db = openDatabase(file);
  expect(db.pragma('journal_size_limit', { simple: true })).toBe(WAL_SIZE_LIMIT);
  const backstop = 2_000;
  cp = startCheckpointer(db, file, 5, undefined, backstop);
  await until(() => db!.pragma('wal_autocheckpoint', { simple: true }) === backstop);

  // 300 transactions of about 100 pages each, back to back: 30,000 pages, 15 times the backstop.
  // The thread checkpoints all along but never sees a moment with nothing left to copy.
  const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
  const wal = () => fs.statSync(`${file}-wal`).size;
  let largest = 0;
  for (let i = 0; i < 300; i++) {
    db.transaction(() => {
      for (let k = 0; k < 100; k++) put.run(`k${i}-${k}`, 'x'.repeat(3500));
    }).immediate();
    largest = Math.max(largest, wal());
  }
  const page = 4096 + 24;
  expect(largest).toBeGreaterThan(backstop * page * 0.5);
  // The backstop plus the few transactions committed while a checkpoint was in the way.
  expect(largest).toBeLessThan((backstop + 600) * page);
  expect(db.prepare(`SELECT count(*) AS n FROM settings WHERE key LIKE 'k%'`).get()).toEqual({ n: 30_000 });
});

it('without the backstop the same writer grows the WAL with the thread checkpointing all along: what the backstop is for', async () => {
  dir = tempDir();
  const file = path.join(dir, 'vaxdesk.sqlite');
  db = openDatabase(file);
  const rounds: { log: number; checkpointed: number }[] = [];
  cp = startCheckpointer(db, file, 5, (r) => rounds.push(r), 0);
  await until(() => db!.pragma('wal_autocheckpoint', { simple: true }) === 0);
  const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
  for (let i = 0; i < 100; i++) {
    db.transaction(() => {
      for (let k = 0; k < 100; k++) put.run(`k${i}-${k}`, 'x'.repeat(3500));
    }).immediate();
  }
  expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(8_000 * 4096);
  await until(() => rounds.some((r) => r.checkpointed > 0));
});

it('a WAL grown large is cut back to journal_size_limit when it starts over', () => {
  dir = tempDir();
  const file = path.join(dir, 'vaxdesk.sqlite');
  db = openDatabase(file);
  db.pragma('journal_size_limit = 4194304');
  db.pragma('wal_autocheckpoint = 0');
  const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
  db.transaction(() => {
    for (let k = 0; k < 5000; k++) put.run(`big-${k}`, 'x'.repeat(3500));
  }).immediate();
  expect(fs.statSync(`${file}-wal`).size).toBeGreaterThan(16 * 1024 * 1024);
  db.pragma('wal_checkpoint(PASSIVE)');
  put.run('after', 'x');
  expect(fs.statSync(`${file}-wal`).size).toBeLessThanOrEqual(4 * 1024 * 1024);
});
