import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { testApp, type TestApp } from '../testing/harness';
import { createApp } from '../core';
import { dbPath, migrate, openDatabase } from '../db/open';
import { auditHash, GENESIS_HASH, type AuditFields } from '../domain/audit-chain';
import { auditHeadFile } from '../services/audit-head';
import { makeBackup } from '../services/backup/files';

let t: TestApp | undefined;
afterEach(() => t?.cleanup());

const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), ...args], { encoding: 'utf8' });
const verify = (dir: string) => cli(['audit', 'verify', '--data', dir]);

const TRIGGERS = `
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`;

/** What an attacker with the database file (but not the key) can do; the triggers are put back after. */
function forge(dir: string, fn: (db: Database.Database) => void) {
  const db = new Database(dbPath(dir));
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  fn(db);
  db.exec(TRIGGERS);
  db.close();
}

type Row = { seq: number; at: string; actor_id: string | null; actor_name: string | null; action: string; entity: string; entity_id: string | null; detail: string; prev_hash: string; hash: string };
const fieldsOf = (r: Row): AuditFields => ({ seq: r.seq, at: r.at, actorId: r.actor_id, actorName: r.actor_name, action: r.action, entity: r.entity, entityId: r.entity_id, detail: r.detail });

/** Re-links every row from `from` on with the only hash an attacker without the key can compute. */
function rehashFrom(db: Database.Database, from: number) {
  const rows = db.prepare('SELECT * FROM audit_log WHERE seq >= ? ORDER BY seq').all(from) as Row[];
  let prev = (db.prepare('SELECT hash FROM audit_log WHERE seq = ?').get(from - 1) as { hash: string } | undefined)?.hash ?? GENESIS_HASH;
  for (const r of rows) {
    const hash = auditHash(prev, fieldsOf(r));
    db.prepare('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?').run(prev, hash, r.seq);
    prev = hash;
  }
}

async function withHistory(n = 6) {
  t = testApp();
  const coord = await t.setup();
  for (let i = 0; i < n - 1; i++) await t.must('staff.create', { displayName: `Staff ${i}`, role: 'receptionist', pin: '2468' }, coord);
  expect(t.core.store.audit.count()).toBe(n);
  t.close();
  return t.dir;
}

describe('audit verify against forgeries by someone with the database file', () => {
  it('an intact keyed chain passes, and the head record is owner-only', async () => {
    const dir = await withHistory();
    const r = verify(dir);
    expect(r.stdout).toMatch(/intact: 6 rows.*keyed \(HMAC\) from row 1/);
    expect(r.status).toBe(0);
    expect(fs.statSync(auditHeadFile(dir)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(auditHeadFile(dir), 'utf8'))).toMatchObject({ rows: 6 });
  });

  it('editing a row and re-hashing the rest: the edited row is named', async () => {
    const dir = await withHistory();
    forge(dir, (db) => {
      db.prepare(`UPDATE audit_log SET actor_name = 'Mallory' WHERE seq = 3`).run();
      rehashFrom(db, 3);
    });
    const r = verify(dir);
    expect(r.stderr).toMatch(/row 3 was altered/);
    expect(r.status).toBe(1);
  });

  it('deleting a row and renumbering the rest (links repaired): the gap is named', async () => {
    const dir = await withHistory();
    forge(dir, (db) => {
      db.prepare('DELETE FROM audit_log WHERE seq = 3').run();
      for (let s = 4; s <= 6; s++) db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(s - 1, s);
      const h2 = (db.prepare('SELECT hash FROM audit_log WHERE seq = 2').get() as { hash: string }).hash;
      db.prepare('UPDATE audit_log SET prev_hash = ? WHERE seq = 3').run(h2);
    });
    const r = verify(dir);
    expect(r.stderr).toMatch(/row 3 is missing/);
    expect(r.status).toBe(1);
  });

  it('deleting the tail: the log is reported shortened, with the rows that went', async () => {
    const dir = await withHistory();
    forge(dir, (db) => db.prepare('DELETE FROM audit_log WHERE seq > 4').run());
    const r = verify(dir);
    expect(r.stderr).toMatch(/shortened: it ends at row 4 but the head record \(audit-head.json\) recorded 6 rows \(rows 5 to 6 were removed\)/);
    expect(r.status).toBe(1);
  });

  it('deleting every row: the log is reported emptied', async () => {
    const dir = await withHistory();
    forge(dir, (db) => db.prepare('DELETE FROM audit_log').run());
    const r = verify(dir);
    expect(r.stderr).toMatch(/emptied: it holds no rows but the head record \(audit-head.json\) recorded 6/);
    expect(r.status).toBe(1);
  });

  it('dropping the triggers (nothing else): reported', async () => {
    const dir = await withHistory();
    const db = new Database(dbPath(dir));
    db.exec('DROP TRIGGER audit_log_no_delete;');
    db.close();
    const r = verify(dir);
    expect(r.stderr).toMatch(/append-only protection was removed \(trigger audit_log_no_delete is gone\)/);
    expect(r.status).toBe(1);
  });

  it('a forged head record, a deleted one, a moved boundary: each reported; the app never rewrites the record to match a shortened log', async () => {
    const dir = await withHistory();
    const rec = JSON.parse(fs.readFileSync(auditHeadFile(dir), 'utf8')) as { rows: number };
    fs.writeFileSync(auditHeadFile(dir), JSON.stringify({ ...rec, rows: 4 }));
    expect(verify(dir).stderr).toMatch(/audit-head.json\) is not valid/);

    // Tail deleted while VaxDesk was stopped, the record deleted too: the next start makes it again, and says so.
    fs.rmSync(auditHeadFile(dir));
    forge(dir, (db) => db.prepare('DELETE FROM audit_log WHERE seq > 4').run());
    const again = createApp({ dataDir: dir });
    again.close();
    const r = verify(dir);
    expect(r.stderr).toMatch(/head record had been deleted or replaced and was made again/);
    expect(r.status).toBe(1);

    forge(dir, (db) => {
      db.exec('DROP TRIGGER audit_chain_no_update; UPDATE audit_chain SET keyed_from = 100;');
      db.exec(`CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain BEGIN SELECT RAISE(ABORT, 'audit_chain is fixed'); END;`);
    });
    expect(verify(dir).stderr).toMatch(/boundary of the keyed chain was moved/);
  });

  it('a running app that finds its log shortened keeps the record as evidence instead of following it', async () => {
    const dir = await withHistory();
    forge(dir, (db) => db.prepare('DELETE FROM audit_log WHERE seq > 3').run());
    t = testApp({ dir });
    await t.must('session.login', { staffId: (t.core.store.db.prepare(`SELECT id FROM staff WHERE role = 'coordinator'`).get() as { id: string }).id, pin: '1234' });
    expect(JSON.parse(fs.readFileSync(auditHeadFile(dir), 'utf8'))).toMatchObject({ rows: 6 });
    t.close();
    expect(verify(dir).stderr).toMatch(/shortened: it ends at row 4 but the head record \(audit-head.json\) recorded 6 rows/);
  });

  it('a backup remembers the end too: with the head record and the tail both gone, the backup still tells', async () => {
    t = testApp();
    const coord = await t.setup();
    for (let i = 0; i < 4; i++) await t.must('staff.create', { displayName: `S${i}`, role: 'receptionist', pin: '2468' }, coord);
    const b = await makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys);
    t.close();
    fs.rmSync(auditHeadFile(t.dir));
    forge(t.dir, (db) => db.prepare('DELETE FROM audit_log WHERE seq > 2').run());
    const r = verify(t.dir);
    expect(r.stderr).toMatch(new RegExp(`shortened: it ends at row 2 but backup ${b.name.replace(/\./g, '\\.')} recorded 5 rows`));
    expect(r.status).toBe(1);
  });
});

describe('a database from before keying (migration 54)', () => {
  it('keeps its plain rows, keys every row after the recorded boundary, and still catches a change to a plain row', async () => {
    t = testApp();
    t.close();
    fs.rmSync(path.join(t.dir, 'secrets'), { recursive: true, force: true });
    fs.rmSync(auditHeadFile(t.dir), { force: true });
    fs.rmSync(dbPath(t.dir));
    // Written as VaxDesk wrote it before 54: three plain SHA-256 rows.
    const old = openDatabase(dbPath(t.dir), { migrate: false });
    migrate(old, 51);
    let prev = GENESIS_HASH;
    for (let seq = 1; seq <= 3; seq++) {
      const f: AuditFields = { seq, at: `2021-03-0${seq}T09:00:00.000Z`, actorId: null, actorName: 'old', action: 'x', entity: 'y', entityId: null, detail: '{}' };
      const hash = auditHash(prev, f);
      old.prepare(`INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, detail, prev_hash, hash) VALUES (?, ?, NULL, 'old', 'x', 'y', NULL, '{}', ?, ?)`).run(seq, f.at, prev, hash);
      prev = hash;
    }
    old.close();
    expect(verify(t.dir).stdout).toMatch(/intact: 3 rows.*plain SHA-256 \(a database from before keying\)/);

    t = testApp({ dir: t.dir });
    await t.setup();
    expect(t.core.store.audit.keyedFrom()).toBe(4);
    t.close();
    const r = verify(t.dir);
    expect(r.stdout).toMatch(/intact: 4 rows.*plain SHA-256 up to row 3, keyed \(HMAC\) from row 4/);
    expect(r.status).toBe(0);
    // A plain row re-hashed forward still breaks the first keyed row's link.
    forge(t.dir, (db) => {
      db.prepare(`UPDATE audit_log SET actor_name = 'Mallory' WHERE seq = 2`).run();
      rehashFrom(db, 2);
    });
    expect(verify(t.dir).stderr).toMatch(/row 4 was altered|row 4 is missing/);
  });
});
