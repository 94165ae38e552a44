import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import { testApp, type TestApp } from '../testing/harness';
import { dbPath } from '../db/open';

let t: TestApp;
afterEach(() => t?.cleanup());

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), ...args], { encoding: 'utf8', env: { ...process.env } });

const TRIGGERS = `
  CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
  CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;`;

/** Tampering needs the triggers out of the way; a careful attacker puts them back afterwards. */
function tamper(dir: string, sql: string, opts: { restoreTriggers?: boolean } = {}) {
  const db = new Database(dbPath(dir));
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  db.exec(sql);
  if (opts.restoreTriggers !== false) db.exec(TRIGGERS);
  db.close();
}

async function withHistory() {
  t = testApp();
  const coord = await t.setup();
  for (const name of ['Rita', 'Karim', 'Emma']) await t.must('staff.create', { displayName: name, role: 'receptionist', pin: '2468' }, coord);
  await t.must('settings.updateSecurity', { idleLockMinutes: 20 }, coord);
  t.close();
  return t.dir;
}

describe('vaxdesk audit verify', () => {
  it('refuses UPDATE and DELETE on the audit log itself', async () => {
    t = testApp();
    await t.setup();
    expect(() => t.core.store.db.prepare(`UPDATE audit_log SET actor_name = 'someone else'`).run()).toThrow(/append-only/);
    expect(() => t.core.store.db.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/);
  });

  it('passes an intact chain with exit code 0', async () => {
    const dir = await withHistory();
    const r = cli(['audit', 'verify', '--data', dir]);
    expect(r.stdout).toMatch(/intact: 5 rows/);
    expect(r.status).toBe(0);
  });

  it('names the first altered row and exits 1', async () => {
    const dir = await withHistory();
    tamper(dir, `UPDATE audit_log SET detail = '{"displayName":"Mallory","role":"coordinator"}' WHERE seq = 3`);
    const r = cli(['audit', 'verify', '--data', dir]);
    expect(r.stderr).toMatch(/row 3 was altered/);
    expect(r.status).toBe(1);
  });

  it('names a removed row and exits 1', async () => {
    const dir = await withHistory();
    tamper(dir, `DELETE FROM audit_log WHERE seq = 2`);
    const r = cli(['audit', 'verify', '--data', dir]);
    expect(r.stderr).toMatch(/row 2 is missing/);
    expect(r.status).toBe(1);
  });

  it('names a forged re-hash of a middle row as the altered row: without the key its MAC cannot be made', async () => {
    const dir = await withHistory();
    // Re-hashing row 3 after altering it still breaks row 4's link to it.
    const db = new Database(dbPath(dir));
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as Record<string, unknown>;
    db.close();
    const { auditHash } = await import('../domain/audit-chain');
    const forged = { seq: 3, at: row.at as string, actorId: row.actor_id as string, actorName: 'Mallory', action: row.action as string, entity: row.entity as string, entityId: row.entity_id as string, detail: row.detail as string };
    tamper(dir, `UPDATE audit_log SET actor_name = 'Mallory', hash = '${auditHash(row.prev_hash as string, forged)}' WHERE seq = 3`);
    const r = cli(['audit', 'verify', '--data', dir]);
    expect(r.stderr).toMatch(/row 3 was altered/);
    expect(r.status).toBe(1);
  });

  it('says so plainly when there is no database', () => {
    const r = cli(['audit', 'verify', '--data', '/nonexistent/vaxdesk']);
    expect(r.stderr).toMatch(/No VaxDesk database/);
    expect(r.status).toBe(2);
  });
});
