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

it('migration 45 creates the standby list with one waiting entry per person and an index for the call order', () => {
  dir = tempDir();
  db = openDatabase(path.join(dir, 'v.sqlite'), { migrate: false });
  migrate(db, 45);
  const ins = db.prepare(`INSERT INTO standby (id, niss, family_name, given_name, phone, priority_group, priority_rank, status, created_at, updated_at)
    VALUES (?, '85073003328', 'A', 'B', '0470', 'everyone', 6, ?, 't', 't')`);
  ins.run('1', 'waiting');
  expect(() => ins.run('2', 'waiting')).toThrow(/UNIQUE/);
  ins.run('3', 'accepted');
  const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM standby WHERE status = 'waiting' ORDER BY priority_rank, created_at LIMIT 10`).all() as { detail: string }[])
    .map((r) => r.detail)
    .join(' ');
  expect(plan).toMatch(/INDEX standby_queue/);
  expect(plan).not.toMatch(/TEMP B-TREE/);
});
