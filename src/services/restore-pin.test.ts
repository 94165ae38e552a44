import { overwriteMiddlePages } from '../testing/damage';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../core';
import { testApp, type TestApp } from '../testing/harness';
import { dbPath } from '../db/open';
import { makeBackup } from './backup/files';
import { addPerson } from './reception/test-fixtures';
import { makeNiss } from '../domain/niss';

let t: TestApp | undefined;
const apps: App[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.close();
  t?.cleanup();
});

/** A data folder whose file lost its middle pages (the staff table still reads), with or without a backup. */
async function damaged(withBackup: boolean) {
  t = testApp();
  await t.setup();
  const coordId = t.core.store.staff.list()[0]!.id;
  t.core.store.tx(() => {
    for (let i = 0; i < 400; i++) addPerson(t!, { familyName: `Family ${i} ${'n'.repeat(60)}`, givenName: `Given ${i}`, birthDate: '1950-01-01', niss: makeNiss('1950-01-01', i + 1) });
  });
  if (withBackup) await makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys);
  t.close();
  overwriteMiddlePages(dbPath(t.dir));
  const app = createApp({ dataDir: t.dir });
  apps.push(app);
  return { app, coordId };
}

describe('health.restoreLatest is no PIN oracle (issue 13, item 9)', () => {
  it('wrong PINs in parallel lock the account like login; the right PIN is then refused and nothing is restored', async () => {
    const { app, coordId } = await damaged(true);
    expect((await app.dispatch('health.status', {}, null)) as unknown).toMatchObject({ ok: true, value: { restoreNeedsPin: true, canRestore: true } });
    const pins = ['1111', '2222', '3333', '4444', '5555', '6666', '7777', '8888', '1234'];
    const answers = await Promise.all(pins.map((pin) => app.dispatch('health.restoreLatest', { staffId: coordId, pin }, null)));
    expect(answers.filter((a) => a.ok)).toHaveLength(0);
    const codes = answers.map((a) => (a.ok ? 'OK' : a.error.code));
    expect(codes.filter((c) => c === 'FORBIDDEN')).toHaveLength(4);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED')).toHaveLength(5);
    expect(app.core.store.db.readonly).toBe(true);
    // After the lock the right PIN restores, and the wrong ones are then in the audit log.
    app.core.clock = () => new Date(Date.now() + 6 * 60_000);
    const r = await app.dispatch('health.restoreLatest', { staffId: coordId, pin: '1234' }, null);
    expect(r.ok).toBe(true);
    const rows = app.core.store.audit.recent(1e9, 50).filter((a) => a.action === 'session.wrongPin' || a.action === 'session.locked');
    expect(rows).toHaveLength(5);
    expect(rows.every((a) => JSON.parse(a.detail).via === 'health.restoreLatest')).toBe(true);
  });

  it('without a backup, the right and a wrong PIN get the same answer', async () => {
    const { app, coordId } = await damaged(false);
    fs.rmSync(path.join(t!.dir, 'backups'), { recursive: true, force: true });
    const wrong = await app.dispatch('health.restoreLatest', { staffId: coordId, pin: '9999' }, null);
    const right = await app.dispatch('health.restoreLatest', { staffId: coordId, pin: '1234' }, null);
    expect(wrong).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(right).toEqual(wrong);
  });
});
