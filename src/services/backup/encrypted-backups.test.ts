import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { testApp, tempDir, type TestApp } from '../../testing/harness';
import { createApp } from '../../core';
import { dbPath } from '../../db/open';
import { writeBackup } from '../../db/backup';
import { backupFileName } from '../../domain/backup-rotation';
import { backupDir, checkBackup, listBackups, makeBackup, newestGoodBackup, restoreBackup, withPlainBackup } from './files';
import { SEALED_MAGIC, readSealedHeader } from './sealed';

const apps: TestApp[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.cleanup();
});
const app = () => {
  const a = testApp();
  apps.push(a);
  return a;
};
const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), ...args], { encoding: 'utf8' });
const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

describe('backups are encrypted (AES-256-GCM, key outside the database)', () => {
  it('a backup holds nothing readable: no SQLite header, no staff name', async () => {
    const t = app();
    const coord = await t.setup();
    await t.must('staff.create', { displayName: 'Rita Vermeulen', role: 'receptionist', pin: '2468' }, coord);
    const b = await makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys);
    const bytes = fs.readFileSync(b.file);
    expect(bytes.subarray(0, 8).equals(SEALED_MAGIC)).toBe(true);
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(bytes.includes(Buffer.from('Rita Vermeulen'))).toBe(false);
    // Only the decrypted copy holds the data, and only while it is used.
    expect(withPlainBackup(b.file, t.core.keys, (plain) => fs.readFileSync(plain).includes(Buffer.from('Rita Vermeulen')))).toBe(true);
    expect(fs.readdirSync(backupDir(t.dir))).toEqual([b.name]);
    expect(modeOf(b.file)).toBe(0o600);
    // The header (authenticated with the contents) records the audit chain's end in the copy.
    expect(readSealedHeader(b.file).audit).toMatchObject({ rows: t.core.store.audit.count() });
  });

  it('a backup copied into another data folder (another PC) cannot be read or restored there, and replaces nothing', async () => {
    const a = app();
    await a.setup();
    const b = await makeBackup(a.core.store.db, a.dir, a.clock(), a.core.keys);
    const other = app();
    await other.setup();
    fs.mkdirSync(backupDir(other.dir), { recursive: true });
    const copied = path.join(backupDir(other.dir), b.name);
    fs.copyFileSync(b.file, copied);
    expect(checkBackup(copied, other.core.keys)).toMatchObject({ ok: false, problems: [expect.stringMatching(/another data folder's key/)] });
    expect(newestGoodBackup(other.dir, other.core.keys)).toBeNull();
    other.close();
    const before = fs.readFileSync(dbPath(other.dir));
    expect(() => restoreBackup(other.dir, copied, other.clock(), other.core.keys)).toThrow(/another data folder's key/);
    expect(fs.readFileSync(dbPath(other.dir)).equals(before)).toBe(true);
    // A folder with no key at all (the file alone on a USB stick): the CLI says why and restores nothing.
    const bare = tempDir();
    try {
      const r = cli(['restore', '--data', bare, '--from', b.file]);
      expect(r.stderr).toMatch(/no key/);
      expect(r.status).toBe(1);
      expect(fs.existsSync(dbPath(bare))).toBe(false);
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });

  it('tampered ciphertext, header or tag is refused clearly; the restore changes nothing and the next good backup is chosen', async () => {
    const t = app();
    const coord = await t.setup();
    const good = await makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys);
    t.clock.advance(60_000);
    await t.must('staff.create', { displayName: 'Later', role: 'receptionist', pin: '2468' }, coord);
    const size = fs.statSync(good.file).size;
    for (const [what, at] of [
      ['ciphertext', Math.floor(size / 2)],
      ['tag', size - 3],
      ['header', 20],
    ] as const) {
      const newer = await makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys);
      const bytes = fs.readFileSync(newer.file);
      bytes[at] = bytes[at]! ^ 0x01;
      fs.writeFileSync(newer.file, bytes);
      expect(checkBackup(newer.file, t.core.keys).ok, what).toBe(false);
      expect(checkBackup(newer.file, t.core.keys).problems.join(), what).toMatch(/altered|damaged/);
      // The damaged newest one is skipped, not used: health.restoreLatest falls back to the older good one.
      expect(newestGoodBackup(t.dir, t.core.keys)?.name, what).toBe(good.name);
      fs.rmSync(newer.file);
      fs.writeFileSync(newer.file, bytes);
      t.close();
      const before = fs.readFileSync(dbPath(t.dir));
      expect(() => restoreBackup(t.dir, newer.file, t.clock(), t.core.keys), what).toThrow(/not restored: This backup (was altered|is damaged)/);
      expect(fs.readFileSync(dbPath(t.dir)).equals(before), what).toBe(true);
      expect(fs.readdirSync(t.dir).filter((f) => /restoring|\.open$/.test(f)), what).toEqual([]);
      fs.rmSync(newer.file);
      const reopened = createApp({ dataDir: t.dir, clock: t.clock });
      Object.assign(t, { core: reopened.core, dispatch: reopened.dispatch, close: reopened.close });
      t.clock.advance(60_000);
    }
  });

  it('vaxdesk restore decrypts the newest backup; the CLI backup is encrypted too', async () => {
    const t = app();
    const coord = await t.setup();
    await t.must('staff.create', { displayName: 'Rita', role: 'receptionist', pin: '2468' }, coord);
    t.close();
    const b = cli(['backup', '--data', t.dir]);
    expect(b.status).toBe(0);
    const [made] = listBackups(t.dir);
    expect(fs.readFileSync(made!.file).subarray(0, 8).equals(SEALED_MAGIC)).toBe(true);
    fs.writeFileSync(dbPath(t.dir), 'overwritten by accident');
    const r = cli(['restore', '--data', t.dir, '--latest']);
    expect(r.stdout).toMatch(/Restored vaxdesk-/);
    expect(r.status).toBe(0);
    const db = new Database(dbPath(t.dir), { readonly: true });
    expect(db.prepare(`SELECT count(*) AS n FROM staff WHERE display_name = 'Rita'`).get()).toEqual({ n: 1 });
    db.close();
  });

  it('plain backups left by an older VaxDesk are encrypted at the next start and still restore', async () => {
    const t = app();
    await t.setup();
    fs.mkdirSync(backupDir(t.dir), { recursive: true });
    const old = path.join(backupDir(t.dir), backupFileName(t.clock()));
    await writeBackup(t.core.store.db, old);
    expect(fs.readFileSync(old).subarray(0, 15).toString()).toBe('SQLite format 3');
    t.close();
    const again = createApp({ dataDir: t.dir, clock: t.clock });
    try {
      expect(fs.readFileSync(old).subarray(0, 8).equals(SEALED_MAGIC)).toBe(true);
      expect(checkBackup(old, again.core.keys).ok).toBe(true);
    } finally {
      again.close();
    }
  });
});

describe('file modes: the data folder 0700, every file 0600', () => {
  it('a new data folder, its database, WAL, SHM, backups and key are owner-only', async () => {
    const t = app();
    const coord = await t.setup();
    await t.must('backup.now', {}, coord);
    const file = dbPath(t.dir);
    expect(modeOf(t.dir)).toBe(0o700);
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, modeOf(f)]).toEqual([f, 0o600]);
    expect(modeOf(backupDir(t.dir))).toBe(0o700);
    for (const b of listBackups(t.dir)) expect(modeOf(b.file)).toBe(0o600);
    expect(modeOf(path.join(t.dir, 'secrets'))).toBe(0o700);
    for (const f of fs.readdirSync(path.join(t.dir, 'secrets'))) expect(modeOf(path.join(t.dir, 'secrets', f))).toBe(0o600);
  });

  it('an existing folder left 0755 with 0644 files (an older VaxDesk, Electron userData) is tightened at start', async () => {
    const t = app();
    const coord = await t.setup();
    await t.must('backup.now', {}, coord);
    t.close();
    const walk = (d: string): string[] => fs.readdirSync(d).flatMap((n) => (fs.statSync(path.join(d, n)).isDirectory() ? [path.join(d, n), ...walk(path.join(d, n))] : [path.join(d, n)]));
    fs.chmodSync(t.dir, 0o755);
    for (const p of walk(t.dir)) fs.chmodSync(p, fs.statSync(p).isDirectory() ? 0o755 : 0o644);
    const again = createApp({ dataDir: t.dir, clock: t.clock });
    try {
      expect(modeOf(t.dir)).toBe(0o700);
      const left = walk(t.dir).filter((p) => modeOf(p) !== (fs.statSync(p).isDirectory() ? 0o700 : 0o600));
      expect(left).toEqual([]);
      // The WAL and SHM this run creates take the database file's mode.
      again.core.store.tx(() => again.core.store.settings.put('x', 1));
      expect(modeOf(`${dbPath(t.dir)}-wal`)).toBe(0o600);
    } finally {
      again.close();
    }
  });
});
