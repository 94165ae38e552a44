import { afterEach, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase, migrate, userVersion, type Db } from '../open';
import { receptionSearchRepo } from '../reception-search';
import { tempDir } from '../../testing/harness';

let dir: string;
let db: Db;
afterEach(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('migration 40 covers the day counters: one index range, no table rows, no sort', () => {
  dir = tempDir();
  db = openDatabase(path.join(dir, 'v.sqlite'), { migrate: false });
  migrate(db, 39);
  const sql = receptionSearchRepo(db).dayCountsSql;
  const plan = () => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('2021-05-21') as { detail: string }[]).map((r) => r.detail).join(' | ');
  expect(plan()).not.toMatch(/COVERING INDEX invitations_day_counters/);
  migrate(db, 40);
  expect(userVersion(db)).toBe(40);
  expect(plan()).toMatch(/SEARCH i USING COVERING INDEX invitations_day_counters \(day=\?\)/);
  expect(plan()).not.toMatch(/TEMP B-TREE/);

  db.exec(`INSERT INTO people (id, family_name, given_name, created_at, updated_at) VALUES ('p', 'A', 'B', 't', 't');
    INSERT INTO invitations (id, code, person_id, center_id, day, start_at, end_at, dose_number, status, source, created_at, updated_at) VALUES
      ('i1', 'C1', 'p', 'c', '2021-05-21', '2021-05-21T07:00:00.000Z', 'e', 1, 'booked', 'central', 't', 't'),
      ('i2', 'C2', 'p', 'c', '2021-05-21', '2021-05-21T08:00:00.000Z', 'e', 1, 'cancelled', 'central', 't', 't'),
      ('i3', 'C3', 'p', 'c', '2021-05-22', '2021-05-22T08:00:00.000Z', 'e', 1, 'booked', 'central', 't', 't');`);
  const rows = db.prepare(sql).all('2021-05-21') as { startAt: string; status: string; arrivedAt: string | null }[];
  expect(rows.map((r) => [r.startAt, r.status, r.arrivedAt])).toEqual([
    ['2021-05-21T07:00:00.000Z', 'booked', null],
    ['2021-05-21T08:00:00.000Z', 'cancelled', null],
  ]);
});
