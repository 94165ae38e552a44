/* eslint-disable no-restricted-imports -- the store runs against a real core (SQLite in a temp folder) through the bridge transport */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { createApp, type App } from '../../src/core';
import { tempDir } from '../../src/testing/harness';
import type { VaxdeskBridge, BridgeApi } from '../../src/api/bridge';
import { METHOD_NAMES } from '../../src/api/contract';
import { bridgeTransport, connectApi } from '../api';
import { i18n } from '../i18n';
import { resetStore, useStore } from './index';

let app: App;
let dir: string;

/** What electron/preload.ts builds, minus IPC: one function per method into the real dispatcher. */
function fakeBridge(a: App): VaxdeskBridge {
  const api = Object.fromEntries(METHOD_NAMES.map((m) => [m, (input: unknown, token: string | null) => a.dispatch(m, input, token)])) as unknown as BridgeApi;
  return { api, onChange: (l) => a.core.events.subscribe(l) };
}

beforeAll(() => {
  dir = tempDir('vaxdesk-renderer-store-');
  app = createApp({ dataDir: dir });
  const s = () => useStore.getState();
  connectApi({ transport: bridgeTransport(fakeBridge(app)), token: () => s().session.token, onSessionEnded: () => s().session.end('expired') });
});
afterAll(() => {
  app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => resetStore());

const st = () => useStore.getState();

describe('store over the bridge transport and a real core', () => {
  it('first run: status says setup, setup logs the coordinator in with their language', async () => {
    await st().session.loadStatus();
    expect(st().session.setupRequired).toBe(true);
    expect(await st().session.setup({ displayName: 'Anne Peeters', pin: '2468', locale: 'fr' })).toBeNull();
    expect(st().session.me).toMatchObject({ displayName: 'Anne Peeters', role: 'coordinator', locale: 'fr' });
    expect(st().session.token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(i18n.language).toBe('fr');
  });

  it('login refusals come back as values and leave the store logged out', async () => {
    await st().session.loadStatus();
    const anne = st().session.staff.find((s) => s.displayName === 'Anne Peeters')!;
    const err = await st().session.login(anne.id, '0000');
    expect(err).toMatchObject({ code: 'WRONG_PIN', details: { attemptsLeft: 4 } });
    expect(st().session.token).toBeNull();
    expect(await st().session.login(anne.id, '2468')).toBeNull();
    expect(st().session.locale).toBe('fr');
  });

  it('staff slice: create, list, refuse a duplicate, deactivate, audit pages', async () => {
    await st().session.loadStatus();
    const anne = st().session.staff.find((s) => s.displayName === 'Anne Peeters')!;
    await st().session.login(anne.id, '2468');
    expect(await st().staff.create({ displayName: 'Sofie Janssens', role: 'receptionist', pin: '3579', locale: 'nl' })).toBeNull();
    expect(st().staff.list.map((s) => s.displayName).sort()).toEqual(['Anne Peeters', 'Sofie Janssens']);
    const dup = await st().staff.create({ displayName: 'Sofie Janssens', role: 'receptionist', pin: '1357', locale: 'nl' });
    expect(dup?.code).toBe('CONFLICT');
    const sofie = st().staff.list.find((s) => s.displayName === 'Sofie Janssens')!;
    expect(await st().staff.setActive(sofie.id, false)).toBeNull();
    expect(st().staff.list.find((s) => s.id === sofie.id)?.active).toBe(false);

    // Enough rows for two pages (25 per page).
    for (let i = 0; i < 30; i++) await st().session.setLocale(i % 2 ? 'nl' : 'en');
    await st().staff.loadAudit();
    const first = st().staff.audit.map((a) => a.seq);
    expect(first).toHaveLength(25);
    expect(st().staff.auditHasOlder).toBe(true);
    await st().staff.auditOlder();
    expect(st().staff.auditPages).toHaveLength(2);
    expect(Math.max(...st().staff.audit.map((a) => a.seq))).toBeLessThan(Math.min(...first));
    await st().staff.auditNewer();
    expect(st().staff.audit.map((a) => a.seq)).toEqual(first);
  });

  it('a refused call on an ended session sends the desk back to login (expired), keeping the language', async () => {
    await st().session.loadStatus();
    const anne = st().session.staff.find((s) => s.displayName === 'Anne Peeters')!;
    await st().session.login(anne.id, '2468');
    await st().session.setLocale('fr');
    app.core.sessions.end(st().session.token!);
    await st().staff.load();
    expect(st().session.token).toBeNull();
    expect(st().session.me).toBeNull();
    expect(st().session.ended).toBe('expired');
    expect(st().session.locale).toBe('fr');
    expect(st().staff.list).toEqual([]);
  });

  it('resetStore empties every slice', async () => {
    await st().session.loadStatus();
    st().ui.go('staff');
    resetStore();
    expect(st().session.staff).toEqual([]);
    expect(st().session.setupRequired).toBeNull();
    expect(st().ui.section).toBeNull();
  });

  it('the bridge transport turns a throwing bridge into INTERNAL values', async () => {
    const broken: VaxdeskBridge = {
      api: new Proxy({}, { get: () => () => Promise.reject(new Error('IPC gone')) }) as BridgeApi,
      onChange: () => () => {},
    };
    const r = await bridgeTransport(broken).call('session.status', {}, null);
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
