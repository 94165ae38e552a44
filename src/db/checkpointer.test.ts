import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from './open';
import { startCheckpointer, type Checkpointer } from './checkpointer';
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
