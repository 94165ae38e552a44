import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, WAL_SIZE_LIMIT, type Db } from './open';
import { startCheckpointer, type Checkpointer } from './checkpointer';
import { createStore } from './store';
import { tempDir } from '../testing/harness';
import { until } from '../testing/wait';

let dir: string;
let db: Db | null = null;
let cp: Checkpointer | null = null;
afterEach(() => {
  cp?.stop();
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('a worker thread checkpoints the WAL, and the desk connection stops doing it only while the worker runs', async () => {
  dir = tempDir();
  const file = path.join(dir, 'vaxdesk.sqlite');
  db = openDatabase(file);
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  const rounds: { log: number; checkpointed: number }[] = [];
  cp = startCheckpointer(db, file, 20, (r) => rounds.push(r));
  await until(() => db!.pragma('wal_autocheckpoint', { simple: true }) === 0);

  // 3,000 pages of writes: without a checkpoint anywhere the WAL would only grow.
  const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
  for (let i = 0; i < 300; i++) db.transaction(() => { for (let k = 0; k < 10; k++) put.run(`k${i}-${k}`, 'x'.repeat(3000)); }).immediate();
  await until(() => rounds.some((r) => r.checkpointed >= 2_000));

  cp.stop();
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
  expect(db.prepare(`SELECT count(*) AS n FROM settings WHERE key LIKE 'k%'`).get()).toEqual({ n: 3000 });
  expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
});

it('bulk transactions back to back (a quiet pull) keep the WAL near the backstop; other transactions never checkpoint', async () => {
  dir = tempDir();
  const file = path.join(dir, 'vaxdesk.sqlite');
  db = openDatabase(file);
  expect(db.pragma('journal_size_limit', { simple: true })).toBe(WAL_SIZE_LIMIT);
  const backstop = 2_000;
  const store = createStore(db, { walBackstopPages: backstop });
  cp = startCheckpointer(db, file, 5);
  await until(() => db!.pragma('wal_autocheckpoint', { simple: true }) === 0);

  // 300 transactions of about 100 pages each, back to back: 30,000 pages, 15 times the backstop.
  // The thread checkpoints all along but never sees a moment with nothing left to copy.
  const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
  const wal = () => fs.statSync(`${file}-wal`).size;
  const page = 4096 + 24;
  const write = (tx: (fn: () => void) => void, from: number, to: number) => {
    let largest = 0;
    for (let i = from; i < to; i++) {
      tx(() => {
        for (let k = 0; k < 100; k++) put.run(`k${i}-${k}`, 'x'.repeat(3500));
      });
      largest = Math.max(largest, wal());
    }
    return largest;
  };
  const bulk = write((fn) => store.txBulk(fn), 0, 300);
  expect(bulk).toBeGreaterThan(backstop * page * 0.5);
  // The backstop plus what was committed while the thread's own checkpoint held the lock (the
  // desk's is skipped then, and retried at the next commit): about 100 pages on a quiet machine,
  // 2,000 on a loaded one (CI). Without the backstop the WAL ends at all 30,000 pages.
  expect(bulk).toBeLessThan(backstop * 4 * page);
  expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);

  // The same through tx(), a check-in's transaction: no checkpoint on this connection, the WAL grows.
  const plain = write((fn) => store.tx(fn), 300, 400);
  expect(plain).toBeGreaterThan((backstop + 2_000) * page);
  expect(db.prepare(`SELECT count(*) AS n FROM settings WHERE key LIKE 'k%'`).get()).toEqual({ n: 40_000 });
});

it('small writes that never stop (a pull while staff work) let the WAL start over when they pause past the backstop', async () => {
  dir = tempDir();
  const file = path.join(dir, 'vaxdesk.sqlite');
  db = openDatabase(file);
  const backstop = 2_000;
  const store = createStore(db, { walBackstopPages: backstop });
  // The pause lasts until the thread has copied the whole WAL (the pull pauses a second for
  // that): a fixed sleep would prove the mechanism only on a machine fast enough for it.
  let caughtUp = 0;
  cp = startCheckpointer(db, file, 5, (r) => {
    if (r.log > 0 && r.checkpointed >= r.log) caughtUp++;
  });
  await until(() => db!.pragma('wal_autocheckpoint', { simple: true }) === 0);
  const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?)`);
  const page = 4096 + 24;
  let largest = 0;
  let pauses = 0;
  for (let i = 0; i < 300; i++) {
    store.tx(() => {
      for (let k = 0; k < 100; k++) put.run(`k${i}-${k}`, 'x'.repeat(3500));
    });
    largest = Math.max(largest, fs.statSync(`${file}-wal`).size);
    if (store.walPastBackstop()) {
      pauses++;
      const before = caughtUp;
      await until(() => caughtUp > before, { label: 'a checkpoint round that copied the whole WAL' });
    }
  }
  // 30,000 pages written; the WAL stayed near the backstop because the writer paused there (a
  // loaded machine may need a few pauses before the thread has copied everything).
  expect(pauses).toBeGreaterThan(0);
  expect(largest).toBeLessThan(backstop * 2 * page);
  expect(db.prepare(`SELECT count(*) AS n FROM settings WHERE key LIKE 'k%'`).get()).toEqual({ n: 30_000 });
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
