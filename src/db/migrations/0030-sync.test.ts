import { afterEach, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, migrate, type Db } from '../open';
import { tempDir } from '../../testing/harness';

let dir: string;
let db: Db;
afterEach(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('migration 30 creates central_slots with its checks and indexes the due outbox entries', () => {
  dir = tempDir();
  db = openDatabase(path.join(dir, 'v.sqlite'), { migrate: false });
  migrate(db, 30);
  const ins = db.prepare(`INSERT INTO central_slots (id, day, time, minutes, capacity, status, version, pushed_at) VALUES (?, '2021-03-28', '09:00', 15, ?, ?, 1, 't')`);
  ins.run('c-2021-03-28-0900', 6, 'free');
  expect(() => ins.run('c-2021-03-28-0900', 6, 'free')).toThrow(/UNIQUE/);
  expect(() => ins.run('x', -1, 'free')).toThrow(/CHECK/);
  expect(() => ins.run('y', 1, 'deleted')).toThrow(/CHECK/);
  const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id`).all('t') as { detail: string }[])
    .map((r) => r.detail)
    .join(' ');
  expect(plan).toMatch(/INDEX outbox_(due|status)/);
});
