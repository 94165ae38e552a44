import { afterAll, afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createApp, type App } from '../core';
import { testApp, testClock, type TestApp } from '../testing/harness';
import { checkDatabaseFile } from '../db/backup';
import { dbPath } from '../db/open';
import { startServer } from '../server/server';
import { makeBackup } from './backup/files';
import { addPerson } from './reception/test-fixtures';
import { makeNiss } from '../domain/niss';
import { recordFigures } from '../../tests/figures';

const drill = { damages: [] as string[], detected: 0, writesRefused: 0, restored: 0, rowsBack: 0, rowsExpected: 0, integrityOk: 0 };
afterAll(() => recordFigures('restore-drill', drill));

let t: TestApp | undefined;
let apps: App[] = [];
afterEach(() => {
  for (const a of apps) a.close();
  apps = [];
  t?.cleanup();
  t = undefined;
});

type Damage = 'overwrite-middle' | 'truncate' | 'empty' | 'garbage' | 'delete';

function damage(file: string, how: Damage) {
  const size = fs.statSync(file).size;
  switch (how) {
    case 'overwrite-middle': {
      // Bytes in the middle of the file: a table's b-tree pages, as a failing disk sector would.
      const fd = fs.openSync(file, 'r+');
      fs.writeSync(fd, Buffer.alloc(16 * 4096, 0xa5), 0, 16 * 4096, Math.floor(size / 2 / 4096) * 4096);
      fs.closeSync(fd);
      break;
    }
    case 'truncate':
      fs.truncateSync(file, Math.floor(size / 3));
      break;
    case 'empty':
      fs.truncateSync(file, 0);
      break;
    case 'garbage':
      fs.writeFileSync(file, 'this is a text file where the database used to be\n'.repeat(100));
      break;
    case 'delete':
      fs.rmSync(file);
      break;
  }
}

/** A data folder with a coordinator, 400 people and a verified backup; then one more change after it. */
async function dataWithBackup() {
  t = testApp({ clockStart: '2021-04-12T08:00:00.000Z' });
  const coord = await t.setup();
  t.core.store.tx(() => {
    for (let i = 0; i < 400; i++) addPerson(t!, { familyName: `Family ${i} ${'n'.repeat(60)}`, givenName: `Given ${i}`, birthDate: '1950-01-01', niss: makeNiss('1950-01-01', i + 1) });
  });
  const b = await makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys);
  t.clock.advance(60_000);
  await t.must('staff.create', { displayName: 'After the backup', role: 'receptionist', pin: '2468' }, coord);
  const coordId = (await t.must('session.me', {}, coord)).staffId;
  t.close();
  return { dir: t.dir, backup: b, coordId };
}

const peopleCount = (a: App) => (a.core.store.db.prepare('SELECT count(*) AS n FROM people').get() as { n: number }).n;

describe('restore drill: damaged or missing database at start', () => {
  // viewable null: whether SQLite can still read the schema depends on where the cut falls.
  const cases: { how: Damage; state: string; viewable: boolean | null }[] = [
    { how: 'overwrite-middle', state: 'corrupt', viewable: true },
    { how: 'truncate', state: 'corrupt', viewable: null },
    { how: 'empty', state: 'not-sqlite', viewable: false },
    { how: 'garbage', state: 'not-sqlite', viewable: false },
    { how: 'delete', state: 'missing', viewable: false },
  ];
  for (const c of cases) {
    it(`${c.how}: detected at start, nothing can be written, the newest good backup restores the data with integrity ok`, async () => {
      const { dir, backup, coordId } = await dataWithBackup();
      damage(dbPath(dir), c.how);

      const app = createApp({ dataDir: dir, clock: testClock('2021-04-12T09:00:00.000Z') });
      apps.push(app);
      // Damage written within the file system's time tick of the clean close keeps the file's
      // time: then the check that finds it is the background one, which this waits for.
      await (app.core.extensions.startupCheck as Promise<unknown> | undefined);
      const st = await app.dispatch('health.status', {}, null);
      expect(st).toMatchObject({ ok: true, value: { state: c.state, readOnly: true, canRestore: true, newestGoodBackup: { name: backup.name } } });
      drill.damages.push(c.how);
      drill.detected++;
      const status = (st as { value: { viewable: boolean; restoreNeedsPin: boolean; message: string } }).value;
      expect(status.message).toMatch(/restored/);
      // The damaged file is never written to, and a missing one is never replaced by an empty database.
      const before = fs.existsSync(dbPath(dir)) ? fs.readFileSync(dbPath(dir)) : null;
      const setup = await app.dispatch('setup.createFirstCoordinator', { displayName: 'Intruder', pin: '1111' }, null);
      expect(setup.ok).toBe(false);
      if (!setup.ok) expect(['READ_ONLY', 'SETUP_DONE']).toContain(setup.error.code);
      const login = await app.dispatch('session.login', { staffId: coordId, pin: '1234' }, null);
      expect(login.ok).toBe(false);
      // READ_ONLY where the staff row is still readable; NOT_FOUND where the damage took it.
      if (!login.ok) expect(['READ_ONLY', 'NOT_FOUND']).toContain(login.error.code);
      expect(fs.existsSync(dbPath(dir)) ? fs.readFileSync(dbPath(dir)) : null).toEqual(before);
      drill.writesRefused++;

      if (status.viewable) {
        // Read-only, people can still be looked up while someone restores.
        expect(peopleCount(app)).toBeGreaterThan(0);
      }
      if (c.viewable !== null) expect(status.viewable).toBe(c.viewable);
      if (c.viewable === false) expect(status.restoreNeedsPin).toBe(false);
      if (status.restoreNeedsPin) {
        const noPin = await app.dispatch('health.restoreLatest', {}, null);
        expect(noPin).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
      }
      const r = await app.dispatch('health.restoreLatest', status.restoreNeedsPin ? { staffId: coordId, pin: '1234' } : {}, null);
      expect(r).toMatchObject({ ok: true, value: { from: backup.name } });

      drill.restored++;
      drill.rowsExpected += 400;
      drill.rowsBack += peopleCount(app);
      expect(peopleCount(app)).toBe(400);
      expect(app.core.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
      drill.integrityOk++;
      expect(checkDatabaseFile(dbPath(dir)).ok).toBe(true);
      expect((await app.dispatch('health.status', {}, null)) as unknown).toMatchObject({ ok: true, value: { state: 'restored', readOnly: false, restored: { from: backup.name } } });
      // The change after the backup is gone (the banner says so) but everything else works again.
      const tok = await app.dispatch('session.login', { staffId: coordId, pin: '1234' }, null);
      expect(tok.ok).toBe(true);
      const audit = app.core.store.audit.recent(1e9, 5).map((x) => x.action);
      expect(audit).toContain('database.restore');
      // The damaged file was kept aside, not deleted.
      const aside = path.join(dir, 'damaged');
      if (c.how !== 'delete') expect(fs.readdirSync(aside).filter((f) => f.endsWith('.sqlite'))).toHaveLength(1);
      // A second restore is refused now that the database is healthy.
      expect(await app.dispatch('health.restoreLatest', {}, null)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    });
  }

  it('a new data folder (no file, no backups) is simply a new database', async () => {
    t = testApp();
    expect(await t.must('health.status', {})).toMatchObject({ state: 'ok', readOnly: false });
    expect(await t.must('session.status', {})).toMatchObject({ setupRequired: true });
  });

  it('a healthy running database is not swapped from the API', async () => {
    t = testApp();
    await t.setup();
    await makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys);
    const r = await t.call('health.restoreLatest', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    if (!r.ok) expect(r.error.message).toMatch(/vaxdesk restore/);
  });

  it('the desk server still starts on a damaged database and tells the UI over HTTP', async () => {
    const { dir } = await dataWithBackup();
    damage(dbPath(dir), 'garbage');
    const app = createApp({ dataDir: dir });
    apps.push(app);
    const { server, url } = await startServer({ app, port: 0 });
    try {
      const res = await fetch(`${url}api/health.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, value: { state: 'not-sqlite', canRestore: true } });
      const w = await fetch(`${url}api/setup.createFirstCoordinator`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ displayName: 'X', pin: '1111' }) });
      expect(w.status).toBe(503);
    } finally {
      await server.close();
    }
  });
});

describe('start-up check after a clean close', () => {
  const startupCheck = (a: App) => a.core.extensions.startupCheck as Promise<string> | undefined;

  it('a clean close lets the next start answer first and check in the background', async () => {
    const { dir } = await dataWithBackup();
    expect(fs.existsSync(`${dbPath(dir)}.closed`)).toBe(true);
    const a = createApp({ dataDir: dir, clock: testClock('2021-04-12T09:00:00.000Z') });
    apps.push(a);
    expect(fs.existsSync(`${dbPath(dir)}.closed`)).toBe(false);
    expect(startupCheck(a)).toBeDefined();
    expect(await startupCheck(a)).toBe('ok');
    const s = await a.dispatch('health.status', {}, null);
    expect(s.ok && (s.value as { state: string }).state).toBe('ok');
  });

  it('damage that keeps the size and time of the file (a failing sector) is found in the background, and writes stop', async () => {
    const { dir } = await dataWithBackup();
    const file = dbPath(dir);
    const st = fs.statSync(file);
    damage(file, 'overwrite-middle');
    fs.utimesSync(file, st.atime, st.mtime);
    const a = createApp({ dataDir: dir, clock: testClock('2021-04-12T09:00:00.000Z') });
    apps.push(a);
    expect(await startupCheck(a)).toBe('damaged');
    const s = await a.dispatch('health.status', {}, null);
    expect(s.ok && s.value).toMatchObject({ state: 'corrupt', readOnly: true, canRestore: true });
    const w = await a.dispatch('setup.createFirstCoordinator', { displayName: 'Someone', pin: '2468' }, null);
    expect(w.ok).toBe(false);
    a.close();
    // A damaged file closed is never marked clean: the next start checks it before opening.
    expect(fs.existsSync(`${file}.closed`)).toBe(false);
  });

  it('a run that never closed (a crash) leaves no mark: the next start checks before opening', async () => {
    const { dir } = await dataWithBackup();
    const first = createApp({ dataDir: dir, clock: testClock('2021-04-12T09:00:00.000Z') });
    apps.push(first);
    expect(startupCheck(first)).toBeDefined();
    const second = createApp({ dataDir: dir, clock: testClock('2021-04-12T09:00:00.000Z') });
    apps.push(second);
    expect(startupCheck(second)).toBeUndefined();
    await startupCheck(first);
  });
});
