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

it('migration 46 keeps one late entry per invitation and kind, never dated after its entry, indexed by day', () => {
  dir = tempDir();
  db = openDatabase(path.join(dir, 'v.sqlite'), { migrate: false });
  migrate(db, 46);
  db.exec(`INSERT INTO people (id, family_name, given_name, created_at, updated_at) VALUES ('p', 'A', 'B', 't', 't');
    INSERT INTO invitations (id, code, person_id, center_id, day, start_at, end_at, dose_number, status, source, created_at, updated_at)
    VALUES ('i', 'C1', 'p', 'c', '2021-04-12', 's', 'e', 1, 'booked', 'demo', 't', 't');`);
  const ins = db.prepare(`INSERT INTO late_entries (invitation_id, day, kind, happened_at, entered_at, entered_by) VALUES (?, '2021-04-12', ?, ?, ?, NULL)`);
  ins.run('i', 'arrival', '2021-04-12T08:00:00.000Z', '2021-04-12T16:00:00.000Z');
  ins.run('i', 'outcome', '2021-04-12T08:05:00.000Z', '2021-04-12T16:00:00.000Z');
  expect(() => ins.run('i', 'arrival', '2021-04-12T08:01:00.000Z', '2021-04-12T16:00:00.000Z')).toThrow(/UNIQUE/);
  expect(() => ins.run('i', 'noshow', '2021-04-12T17:00:00.000Z', '2021-04-12T16:00:00.000Z')).toThrow(/CHECK/);
  expect(() => ins.run('i', 'guess', '2021-04-12T08:00:00.000Z', '2021-04-12T16:00:00.000Z')).toThrow(/CHECK/);
  expect(() => ins.run('nope', 'walkin', '2021-04-12T08:00:00.000Z', '2021-04-12T16:00:00.000Z')).toThrow(/FOREIGN KEY/);
  const plan = (db.prepare(`EXPLAIN QUERY PLAN SELECT invitation_id FROM late_entries WHERE day = ? ORDER BY happened_at`).all('2021-04-12') as { detail: string }[])
    .map((r) => r.detail)
    .join(' ');
  expect(plan).toMatch(/INDEX late_entries_day/);
  expect(plan).not.toMatch(/TEMP B-TREE/);
});
