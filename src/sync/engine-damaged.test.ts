import { overwriteMiddlePages } from '../testing/damage';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../core';
import { testApp, type TestApp } from '../testing/harness';
import { dbPath } from '../db/open';
import { startServer } from '../server/server';
import { makeBackup } from '../services/backup/files';
import { CENTER_KEY, CONNECTION_KEY } from './settings';
import { startSync, syncEngine } from './engine';
import { CentralError } from './retry';
import { addPerson } from '../services/reception/test-fixtures';
import { makeNiss } from '../domain/niss';

let t: TestApp | undefined;
const apps: App[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.close();
  t?.cleanup();
});

describe('sync on a damaged database (issue 13, item 3)', () => {
  it('with a central connection configured, the engine stops cleanly and the restore screen stays reachable', async () => {
    t = testApp();
    await t.setup();
    t.core.store.tx(() => {
      for (let i = 0; i < 400; i++) addPerson(t!, { familyName: `Family ${i} ${'n'.repeat(60)}`, givenName: `Given ${i}`, birthDate: '1950-01-01', niss: makeNiss('1950-01-01', i + 1) });
    });
    t.core.store.tx(() => {
      t!.core.store.settings.put(CONNECTION_KEY, { baseUrl: 'http://127.0.0.1:9/fhir', locationId: 'loc-1' });
      t!.core.store.settings.put(CENTER_KEY, { id: 'center-1' });
    });
    await makeBackup(t.core.store.db, t.dir, t.clock(), t.core.keys);
    t.close();
    overwriteMiddlePages(dbPath(t.dir));

    const app = createApp({ dataDir: t.dir });
    apps.push(app);
    expect(app.core.store.db.readonly).toBe(true);
    let centralAsked = 0;
    const opts = {
      central: () => {
        centralAsked += 1;
        throw new CentralError('network', 'no central in this test');
      },
      override: { connection: { baseUrl: 'http://127.0.0.1:9/fhir', locationId: 'loc-1' }, token: null },
    };
    const engine = syncEngine(app.core, opts);
    // Old code: the run wrote its record after the catch and rejected with SQLITE_READONLY.
    const summary = await engine.run();
    expect(summary.ok).toBe(false);
    expect(summary.error).toMatch(/read-only/);
    expect(centralAsked).toBe(0);
    // The schedule's own runs settle too (they are the ones `void` left unhandled).
    const stop = startSync(app.core, opts);
    await engine.run();
    stop();

    const { server, url } = await startServer({ app, port: 0 });
    try {
      const res = await fetch(`${url}api/health.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(await res.json()).toMatchObject({ ok: true, value: { readOnly: true, canRestore: true } });
    } finally {
      await server.close();
    }
  });
});
