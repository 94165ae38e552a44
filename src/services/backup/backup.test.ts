import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { testApp, type TestApp } from '../../testing/harness';
import { checkDatabaseFile } from '../../db/backup';
import { dbPath } from '../../db/open';
import { checkBackup, withPlainBackup } from './files';
import { backupDir, listBackups, makeBackup, restoreBackup, BackupScheduler, startBackups, backupOnExit, type Timer } from './index';

let t: TestApp;
afterEach(() => t?.cleanup());

function manualTimer() {
  const fns: { ms: number; fn: () => void }[] = [];
  const timer: Timer = {
    every(ms, fn) {
      const e = { ms, fn };
      fns.push(e);
      return () => fns.splice(fns.indexOf(e), 1);
    },
  };
  return { timer, tick: () => fns.forEach((e) => e.fn()), active: () => fns.length, ms: () => fns[0]?.ms };
}

/** Staff in a database file or (decrypted with the test app's key) in a backup. */
const staffNames = (file: string) =>
  withPlainBackup(file, t.core.keys, (plain) => {
    const db = new Database(plain, { readonly: true });
    try {
      return (db.prepare('SELECT display_name AS n FROM staff ORDER BY n').all() as { n: string }[]).map((r) => r.n);
    } finally {
      db.close();
    }
  });

describe('backups', () => {
  it('backup.now writes one self-contained verified file named by its UTC instant, listed by backup.list', async () => {
    t = testApp({ clockStart: '2021-03-01T09:00:00.000Z' });
    const coord = await t.setup();
    await t.must('staff.create', { displayName: 'Rita', role: 'receptionist', pin: '2468' }, coord);
    const b = await t.must('backup.now', {}, coord);
    expect(b.name).toBe('vaxdesk-20210301T090000Z.sqlite');
    const file = path.join(backupDir(t.dir), b.name);
    // Rollback journal, not WAL: once decrypted, the backup is one file that opens read-only anywhere.
    withPlainBackup(file, t.core.keys, (plain) => expect(fs.readFileSync(plain).subarray(18, 20)).toEqual(Buffer.from([1, 1])));
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
    expect(checkBackup(file, t.core.keys)).toMatchObject({ ok: true, problems: [] });
    expect(staffNames(file)).toEqual(['Rita', 'Test Coordinator']);
    const second = await t.must('backup.now', {}, coord);
    expect(second.name).toBe('vaxdesk-20210301T090000Z-2.sqlite');
    expect((await t.must('backup.list', {}, coord)).map((x) => x.name)).toEqual([second.name, b.name]);
    const rec = await t.staffToken('receptionist', coord);
    expect((await t.call('backup.now', {}, rec)).ok).toBe(false);
  });

  it('rotates on disk after each backup and leaves foreign files alone', async () => {
    t = testApp({ clockStart: '2021-03-01T00:00:00.000Z' });
    await t.setup();
    fs.mkdirSync(backupDir(t.dir), { recursive: true });
    fs.writeFileSync(path.join(backupDir(t.dir), 'README.txt'), 'mine');
    for (let i = 0; i < 30; i++) {
      await makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys, { keepLatest: 5, keepDaily: 2 });
      t.clock.advance(30 * 60_000);
    }
    // 30 half-hourly backups from 01:00 to 15:30 Brussels on one day: the 5 latest only (the day's newest is among them).
    expect(listBackups(t.dir)).toHaveLength(5);
    expect(fs.existsSync(path.join(backupDir(t.dir), 'README.txt'))).toBe(true);
  });

  it('a backup taken while desks keep writing is consistent and holds every change committed before it started', async () => {
    t = testApp();
    const coord = await t.setup();
    const ins = t.core.store.db.prepare(`INSERT INTO people (id, family_name, given_name, created_at, updated_at) VALUES (?, ?, 'x', 't', 't')`);
    t.core.store.tx(() => {
      for (let i = 0; i < 3000; i++) ins.run(`p${i}`, `Before ${i} ${'x'.repeat(100)}`);
    });
    const p = makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys);
    const during = t.must('staff.create', { displayName: 'During', role: 'receptionist', pin: '2468' }, coord);
    const [b] = await Promise.all([p, during]);
    expect(checkBackup(b.file, t.core.keys).ok).toBe(true);
    withPlainBackup(b.file, t.core.keys, (plain) => {
      const copy = new Database(plain, { readonly: true });
      expect(copy.prepare('SELECT count(*) AS n FROM people').get()).toEqual({ n: 3000 });
      copy.close();
    });
  });

  it('the scheduler backs up on each tick of its timer, never twice at once, skips a damaged database, and once more on exit', async () => {
    t = testApp();
    await t.setup();
    const m = manualTimer();
    let healthy = true;
    const logs: string[] = [];
    const s = new BackupScheduler({ dataDir: t.dir, db: () => t.core.store.db, clock: t.clock, keys: t.core.keys, healthy: () => healthy, timer: m.timer, log: (x) => logs.push(x) });
    s.start();
    expect(m.ms()).toBe(30 * 60_000);
    m.tick();
    m.tick(); // overlaps the first: reuses it
    await s.idle();
    expect(listBackups(t.dir)).toHaveLength(1);
    t.clock.advance(30 * 60_000);
    m.tick();
    await s.idle();
    expect(listBackups(t.dir)).toHaveLength(2);
    expect(s.status.lastOkAt).toBe(t.clock().toISOString());
    healthy = false;
    t.clock.advance(30 * 60_000);
    expect(await s.runOnce()).toBeNull();
    expect(logs.join()).toMatch(/skipped/);
    healthy = true;
    const last = await s.onExit();
    expect(m.active()).toBe(0);
    expect(last && checkBackup(last.file, t.core.keys).ok).toBe(true);
    expect(listBackups(t.dir)).toHaveLength(3);
  });

  it('startBackups/backupOnExit are what the shells call; the exit backup has the last change', async () => {
    t = testApp();
    const coord = await t.setup();
    const m = manualTimer();
    const s = startBackups(t, { timer: m.timer })!;
    expect(startBackups(t, { timer: m.timer })).toBe(s);
    await t.must('staff.create', { displayName: 'Last one', role: 'receptionist', pin: '2468' }, coord);
    await backupOnExit(t);
    expect(staffNames(listBackups(t.dir)[0]!.file)).toContain('Last one');
    expect((await t.must('health.status', {})).backups?.lastOkAt).toBe(t.clock().toISOString());
  });
});

describe('restore (database closed)', () => {
  it('refuses a damaged backup and changes nothing', async () => {
    t = testApp();
    await t.setup();
    const b = await makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys);
    t.close();
    const bytes = fs.readFileSync(b.file);
    bytes.fill(0x41, 4096, 8192);
    fs.writeFileSync(b.file, bytes);
    const before = fs.readFileSync(dbPath(t.dir));
    expect(() => restoreBackup(t.dir, b.file, t.clock(), t.core.keys)).toThrow(/damaged/);
    expect(fs.readFileSync(dbPath(t.dir)).equals(before)).toBe(true);
    expect(fs.existsSync(path.join(t.dir, 'damaged'))).toBe(false);
  });

  it('moves the old file with its -wal and -shm aside, so a stale WAL is never replayed onto the backup', async () => {
    t = testApp();
    const coord = await t.setup();
    const b = await makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys);
    await t.must('staff.create', { displayName: 'After backup', role: 'receptionist', pin: '2468' }, coord);
    // Simulate a crash: copy the live file and its WAL while the connection is open.
    const crashDir = path.join(t.dir, 'crash');
    fs.mkdirSync(crashDir);
    for (const s of ['', '-wal', '-shm']) if (fs.existsSync(dbPath(t.dir) + s)) fs.copyFileSync(dbPath(t.dir) + s, dbPath(crashDir) + s);
    expect(fs.existsSync(dbPath(crashDir) + '-wal')).toBe(true);
    fs.mkdirSync(backupDir(crashDir));
    fs.copyFileSync(b.file, path.join(backupDir(crashDir), b.name));
    const r = restoreBackup(crashDir, path.join(backupDir(crashDir), b.name), t.clock(), t.core.keys);
    expect(fs.existsSync(dbPath(crashDir) + '-wal')).toBe(false);
    expect(fs.existsSync(r.keptAsideAt! + '-wal')).toBe(true);
    expect(staffNames(dbPath(crashDir))).toEqual(['Test Coordinator']);
    expect(checkDatabaseFile(dbPath(crashDir)).ok).toBe(true);
  });
});
