import { afterEach, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, migrate, userVersion, type Db } from '../open';
import { tempDir } from '../../testing/harness';

let dir: string;
let db: Db;
afterEach(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('migration 50 adds purged_at to people, keeping existing rows and allowing a tombstone without NISS or name', () => {
  dir = tempDir();
  db = openDatabase(path.join(dir, 'v.sqlite'), { migrate: false });
  migrate(db, 49);
  db.exec(`INSERT INTO people (id, niss, family_name, given_name, created_at, updated_at) VALUES ('p', '85073003328', 'Peeters', 'An', 't', 't')`);
  migrate(db, 50);
  expect(userVersion(db)).toBe(50);
  const cols = (db.prepare(`PRAGMA table_info(people)`).all() as { name: string }[]).map((c) => c.name);
  expect(cols).toContain('purged_at');
  expect(db.prepare(`SELECT niss, purged_at FROM people WHERE id = 'p'`).get()).toEqual({ niss: '85073003328', purged_at: null });
  db.exec(`UPDATE people SET niss = NULL, family_name = '', given_name = '', purged_at = '2021-06-01T00:00:00.000Z' WHERE id = 'p'`);
  expect(db.prepare(`SELECT count(*) AS n FROM people WHERE purged_at IS NOT NULL AND niss IS NULL`).get()).toEqual({ n: 1 });
});
