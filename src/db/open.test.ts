import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, DatabaseTooNewError, userVersion, migrate } from './open';
import { LATEST_VERSION, MIGRATIONS } from './migrations';
import { tempDir } from '../testing/harness';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
const file = () => {
  const d = tempDir();
  dirs.push(d);
  return path.join(d, 'vaxdesk.sqlite');
};

describe('openDatabase', () => {
  it('uses WAL with synchronous=FULL, foreign keys and a busy timeout, also after a reopen', () => {
    const f = file();
    for (let i = 0; i < 2; i++) {
      const db = openDatabase(f);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(2);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('secure_delete', { simple: true })).toBe(1);
      db.close();
    }
    // The bare driver reopens the same WAL file at its default, NORMAL: this is what openDatabase guards against.
    const raw = new Database(f);
    expect(raw.pragma('synchronous', { simple: true })).not.toBe(2);
    raw.close();
  });

  it('migrates a fresh file to the latest version, in order', () => {
    const db = openDatabase(file());
    expect(userVersion(db)).toBe(LATEST_VERSION);
    const versions = MIGRATIONS.map((m) => m.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
    expect(new Set(versions).size).toBe(versions.length);
    db.close();
  });

  it('takes every new migration above all that existed: a lower number would be skipped by files already past it', () => {
    // Every version that existed when this guard was written (some landed out of order while the
    // areas were built side by side; 51 repairs what that cost). Never edit this list: append
    // new migrations with numbers above its highest.
    const EXISTING = [1, 2, 3, 4, 10, 11, 12, 20, 21, 22, 30, 36, 40, 41, 45, 46, 50, 51];
    const added = MIGRATIONS.map((m) => m.version).filter((v) => !EXISTING.includes(v));
    for (const v of added) expect(v, `migration ${v} must be numbered above ${Math.max(...EXISTING)}`).toBeGreaterThan(Math.max(...EXISTING));
    for (const v of EXISTING) expect(MIGRATIONS.some((m) => m.version === v), `migration ${v} was removed`).toBe(true);
  });

  it('refuses a database written by a newer version, with a clear message, without touching it', () => {
    const f = file();
    openDatabase(f).close();
    const raw = new Database(f);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.close();
    expect(() => openDatabase(f)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(f)).toThrow(/newer VaxDesk/);
    const check = new Database(f);
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    check.close();
  });

  it('rolls a failing migration back and keeps the previous version', () => {
    const f = file();
    const db = openDatabase(f, { migrate: false });
    migrate(db, 1);
    expect(userVersion(db)).toBe(1);
    // Simulate a conflicting object so migration 2 fails half-way.
    db.exec('CREATE TABLE outbox (x INTEGER)');
    expect(() => migrate(db)).toThrow();
    expect(userVersion(db)).toBe(1);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'settings'").get()).toEqual({ n: 0 });
    db.close();
  });
});
