import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { testApp, type TestApp } from '../testing/harness';
import { dbPath } from '../db/open';
import { checkDatabaseFile } from '../db/backup';

let t: TestApp | undefined;
afterEach(() => t?.cleanup());

const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), ...args], { encoding: 'utf8' });
const staff = (dir: string) => {
  const db = new Database(dbPath(dir), { readonly: true });
  try {
    return (db.prepare('SELECT display_name AS n FROM staff ORDER BY n').all() as { n: string }[]).map((r) => r.n);
  } finally {
    db.close();
  }
};

describe('vaxdesk backup / restore', () => {
  it('backs up, refuses to back up a damaged file, restores the latest good backup and keeps the damaged one aside', async () => {
    t = testApp();
    const coord = await t.setup();
    await t.must('staff.create', { displayName: 'Rita', role: 'receptionist', pin: '2468' }, coord);
    t.close();

    const b = cli(['backup', '--data', t.dir]);
    expect(b.stderr).toBe('');
    expect(b.stdout).toMatch(/Backup written and verified: .*vaxdesk-\d{8}T\d{6}Z\.sqlite/);
    expect(b.status).toBe(0);

    fs.writeFileSync(dbPath(t.dir), 'overwritten by accident');
    const bad = cli(['backup', '--data', t.dir]);
    expect(bad.stderr).toMatch(/damaged/);
    expect(bad.status).toBe(1);

    const r = cli(['restore', '--data', t.dir, '--latest']);
    expect(r.stdout).toMatch(/Restored vaxdesk-.*passed integrity_check/);
    expect(r.stdout).toMatch(/kept at .*damaged/);
    expect(r.status).toBe(0);
    expect(checkDatabaseFile(dbPath(t.dir)).ok).toBe(true);
    expect(staff(t.dir)).toEqual(['Rita', 'Test Coordinator']);
    const aside = fs.readdirSync(path.join(t.dir, 'damaged'));
    expect(fs.readFileSync(path.join(t.dir, 'damaged', aside[0]!), 'utf8')).toBe('overwritten by accident');

    const list = cli(['restore', '--data', t.dir, '--list']);
    expect(list.stdout).toMatch(/vaxdesk-\d{8}T\d{6}Z\.sqlite/);
  });

  it('restore --from a damaged file restores nothing; bad usage exits 2', async () => {
    t = testApp();
    await t.setup();
    t.close();
    const junk = path.join(t.dir, 'junk.sqlite');
    fs.writeFileSync(junk, 'SQLite format 3\0' + 'x'.repeat(5000));
    const before = fs.readFileSync(dbPath(t.dir));
    const r = cli(['restore', '--data', t.dir, '--from', junk]);
    expect(r.stderr).toMatch(/Nothing was restored/);
    expect(r.status).toBe(1);
    expect(fs.readFileSync(dbPath(t.dir)).equals(before)).toBe(true);
    expect(cli(['restore', '--data', t.dir]).status).toBe(2);
    expect(cli(['restore', '--data', t.dir, '--from', path.join(t.dir, 'nope.sqlite')]).status).toBe(2);
    expect(cli(['restore', '--data', t.dir, '--latest']).status).toBe(1); // no backups yet
    expect(cli(['backup', '--data', path.join(t.dir, 'empty-folder')]).status).toBe(2);
  });
});
