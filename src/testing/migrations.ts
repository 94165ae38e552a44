import { afterEach, expect } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, migrate, userVersion, type Db } from '../db/open';
import { tempDir } from './harness';

/**
 * For migration tests: `at(v)` gives a fresh file migrated exactly to version v (closed and removed
 * after each test), `columns` lists a table's columns, `plan` is EXPLAIN QUERY PLAN as one line.
 */
export function migrationHarness() {
  const open: { dir: string; db: Db }[] = [];
  afterEach(() => {
    for (const o of open.splice(0)) {
      o.db.close();
      fs.rmSync(o.dir, { recursive: true, force: true });
    }
  });
  return {
    at(version: number): Db {
      const dir = tempDir();
      const db = openDatabase(path.join(dir, 'v.sqlite'), { migrate: false });
      open.push({ dir, db });
      migrate(db, version);
      expect(userVersion(db)).toBe(version);
      return db;
    },
    columns: (d: Db, table: string) => (d.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name),
    plan: (d: Db, sql: string, ...args: unknown[]) =>
      (d.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail).join(' | '),
  };
}
