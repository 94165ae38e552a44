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

it('migration 36 creates file_imports whose checks refuse an impossible upload state, with an index for the history', () => {
  dir = tempDir();
  db = openDatabase(path.join(dir, 'v.sqlite'), { migrate: false });
  migrate(db, 36);
  const ins = db.prepare(`INSERT INTO file_imports (id, file_name, size_bytes, received_bytes, status, created_at) VALUES (?, ?, ?, ?, ?, 't')`);
  ins.run('a', 'list.csv', 10, 0, 'uploading');
  expect(() => ins.run('b', 'list.csv', 10, 11, 'uploading')).toThrow(/CHECK/);
  expect(() => ins.run('c', '', 10, 0, 'uploading')).toThrow(/CHECK/);
  expect(() => ins.run('d', 'x.csv', 10, 0, 'done')).toThrow(/CHECK/);
  expect(() => db.prepare(`UPDATE file_imports SET format = 'xlsx' WHERE id = 'a'`).run()).toThrow(/CHECK/);
  const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM file_imports ORDER BY created_at DESC LIMIT 20`).all() as { detail: string }[])
    .map((r) => r.detail)
    .join(' ');
  expect(plan).toMatch(/INDEX file_imports_recent/);
  expect(db.pragma('user_version', { simple: true })).toBe(36);
});
