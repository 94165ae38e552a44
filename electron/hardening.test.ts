import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeElectron, FakeWebContents, type FakeElectron, type FakeFrame } from './testing/fake-electron';
import { CONTENT_SECURITY_POLICY } from '../src/server/csp';

/** Change events caused by calls; the sync engine's own status events ('sync') follow its schedule. */
const dataChanges = (win: { webContents: { sent: unknown[][] } }) =>
  win.webContents.sent.filter((m) => (m[1] as { kind?: string } | undefined)?.kind !== 'sync');

/*
 * The Electron hardening gate. main.ts runs against a recording fake of the electron module (the
 * real binary cannot be downloaded here); the tests check what it asked Electron to do: window
 * options, navigation and window.open guards, permission handlers, headers, the IPC sender check.
 */
const h = vi.hoisted(() => ({ fake: null as unknown as FakeElectron }));
// The factory's result is cached across vi.resetModules(): delegate to the fake of the current boot.
vi.mock('electron', () => {
  const current = () => h.fake.module as Record<string, unknown>;
  const names = ['app', 'BrowserWindow', 'ipcMain', 'protocol', 'safeStorage', 'session'];
  return new Proxy({}, { get: (_t, k: string) => current()[k], has: (_t, k: string) => names.includes(k), ownKeys: () => names, getOwnPropertyDescriptor: (_t, k: string) => (names.includes(k) ? { enumerable: true, configurable: true, value: current()[k] } : undefined) });
});

let dir: string;
type MainModule = typeof import('./main');
let main: MainModule;

async function boot(opts: { singleInstance?: boolean } = {}) {
  h.fake = createFakeElectron({ userData: dir, ...opts });
  vi.resetModules();
  main = await import('./main');
  if (opts.singleInstance === false) return;
  h.fake.ready();
  await vi.waitFor(() => expect(h.fake.windows).toHaveLength(1));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaxdesk-electron-'));
});
afterEach(() => {
  main?.forTests.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const prevented = () => {
  const e = { prevented: false, url: '', preventDefault() { this.prevented = true; } };
  return e;
};

describe('main process start', () => {
  it('sandboxes every renderer, registers app:// as a secure standard scheme, before ready', async () => {
    await boot();
    const { calls, protocol } = h.fake;
    expect(calls.slice(0, 3)).toEqual(['app.enableSandbox', 'protocol.registerSchemesAsPrivileged', 'app.requestSingleInstanceLock']);
    expect(protocol.privileged).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
  });

  it('opens one window with the hardened preferences, loading only app://vaxdesk/index.html', async () => {
    await boot();
    const win = h.fake.windows[0]!;
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      devTools: false,
    });
    expect(path.basename(String(prefs.preload))).toBe('preload.js');
    expect(path.isAbsolute(String(prefs.preload))).toBe(true);
    expect(win.loaded).toEqual(['app://vaxdesk/index.html']);
  });

  it('keeps the data in userData and closes the database on before-quit', async () => {
    await boot();
    const app = main.forTests.core!;
    expect(app.core.dataDir).toBe(dir);
    expect(fs.existsSync(path.join(dir, 'vaxdesk.sqlite'))).toBe(true);
    expect(app.core.secrets.kind).toBe('OS keychain');
    let prevented = 0;
    h.fake.app.emit('before-quit', { preventDefault: () => prevented++ });
    // Quitting waits for the exit backup, then closes the database and quits again.
    expect(prevented).toBe(1);
    await vi.waitFor(() => expect(app.core.store.db.open).toBe(false));
    expect(main.forTests.core).toBeNull();
    expect(h.fake.ipcHandlers.size).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'backups')).some((f) => f.endsWith('.sqlite'))).toBe(true);
    expect(h.fake.calls).toContain('app.quit');
    h.fake.app.emit('before-quit', { preventDefault: () => prevented++ }); // a second before-quit (macOS) must not throw
    expect(prevented).toBe(1);
  });

  it('a second instance hands over and quits without opening the database', async () => {
    await boot({ singleInstance: false });
    expect(h.fake.calls).toContain('app.quit');
    expect(h.fake.app.count('web-contents-created')).toBe(0);
    expect(fs.existsSync(path.join(dir, 'vaxdesk.sqlite'))).toBe(false);
  });
});

describe('navigation and new windows', () => {
  it('every web contents created refuses navigation, redirects, webviews and window.open', async () => {
    await boot();
    expect(h.fake.app.count('web-contents-created')).toBe(1);
    const contents = new FakeWebContents();
    h.fake.app.emit('web-contents-created', {}, contents);
    for (const event of ['will-navigate', 'will-redirect', 'will-frame-navigate', 'will-attach-webview']) {
      expect(contents.count(event), event).toBe(1);
      for (const url of ['https://evil.example/', 'app://vaxdesk/index.html', 'file:///etc/passwd', 'javascript:alert(1)']) {
        const e = prevented();
        e.url = url;
        contents.emit(event, e, url);
        expect(e.prevented, `${event} ${url}`).toBe(true);
      }
    }
    for (const url of ['https://evil.example/', 'app://vaxdesk/index.html', 'about:blank']) {
      expect(contents.windowOpenHandler!({ url, disposition: 'new-window' })).toEqual({ action: 'deny' });
    }
  });
});

describe('session', () => {
  it('refuses every permission request and check, device and screen capture', async () => {
    await boot();
    const s = h.fake.session;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'hid', 'serial', 'openExternal', 'fullscreen']) {
      const cb = vi.fn();
      s.permissionRequestHandler!({} as never, permission as never, cb as never);
      expect(cb).toHaveBeenCalledExactlyOnceWith(false);
      expect(s.permissionCheckHandler!({} as never, permission as never)).toBe(false);
    }
    expect(s.devicePermissionHandler!({} as never)).toBe(false);
    const media = vi.fn();
    s.displayMediaRequestHandler!({} as never, media as never);
    expect(media).toHaveBeenCalledExactlyOnceWith({});
    const download = prevented();
    s.emit('will-download', download);
    expect(download.prevented).toBe(true);
  });

  it('puts the strict CSP on every response, replacing a weaker one', async () => {
    await boot();
    const cb = vi.fn();
    h.fake.session.headersListener!({ responseHeaders: { 'content-security-policy': ["script-src 'unsafe-inline' *"], 'X-Other': ['1'] } } as never, cb as never);
    const headers = cb.mock.calls[0]![0].responseHeaders as Record<string, string[]>;
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(Object.keys(headers).filter((k) => k.toLowerCase() === 'content-security-policy')).toHaveLength(1);
    expect(headers['X-Other']).toEqual(['1']);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'/);
    expect(h.fake.session.protocolHandlers.has('app')).toBe(true);
  });
});

describe('IPC', () => {
  async function setup() {
    await boot();
    const win = h.fake.windows[0]!;
    expect([...h.fake.ipcHandlers.keys()]).toEqual(['vaxdesk:api']);
    const handler = h.fake.ipcHandlers.get('vaxdesk:api')! as (...a: unknown[]) => Promise<{ ok: boolean; error?: { code: string }; value?: unknown }>;
    const top = win.webContents.mainFrame;
    const event = (sender: FakeWebContents, frame: FakeFrame | null) => ({ sender, senderFrame: frame });
    const status = async () => (await handler(event(win.webContents, top), 'session.status', {}, null)).value as { setupRequired: boolean };
    return { win, handler, top, event, status };
  }
  const firstCoordinator = { displayName: 'Intruder', pin: '123456' };

  it('refuses calls from any frame but the main window top frame on app://, and dispatches nothing', async () => {
    const { win, handler, top, event, status } = await setup();
    const other = new FakeWebContents();
    const foreign: Array<[string, ReturnType<typeof event>]> = [
      ['another web contents', event(other, other.mainFrame)],
      ['another contents claiming the main frame', event(other, top)],
      ['a subframe of the main window', event(win.webContents, { ...top, routingId: 7, parent: top })],
      ['the main frame after navigating away', event(win.webContents, { ...top, url: 'https://evil.example/', origin: 'https://evil.example' })],
      ['a file:// page', event(win.webContents, { ...top, url: 'file:///tmp/x.html', origin: 'file://' })],
      ['another app host', event(win.webContents, { ...top, url: 'app://other/index.html', origin: 'app://other' })],
      ['a lookalike origin', event(win.webContents, { ...top, origin: 'app://vaxdesk.evil' })],
      ['a frame from another process', event(win.webContents, { ...top, processId: top.processId + 1 })],
      ['a detached frame', event(win.webContents, { ...top, detached: true })],
      ['no frame', event(win.webContents, null)],
    ];
    for (const [label, ev] of foreign) {
      const r = await handler(ev, 'setup.createFirstCoordinator', firstCoordinator, null);
      expect(r, label).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/not allowed/) } });
    }
    expect((await status()).setupRequired).toBe(true);
    expect(dataChanges(win)).toEqual([]);

    win.webContents.destroyed = true;
    expect((await handler(event(win.webContents, top), 'session.status', {}, null)).error?.code).toBe('FORBIDDEN');
  });

  it('dispatches calls from the app frame, returns errors as values, and forwards change events', async () => {
    const { win, handler, top, event, status } = await setup();
    const r = await handler(event(win.webContents, top), 'setup.createFirstCoordinator', firstCoordinator, null);
    expect(r.ok).toBe(true);
    expect((await status()).setupRequired).toBe(false);
    expect(dataChanges(win)).toEqual([['vaxdesk:change', { kind: 'staff', at: expect.any(String) }]]);

    expect((await handler(event(win.webContents, top), 'no.suchMethod', {}, null)).error?.code).toBe('UNKNOWN_METHOD');
    expect((await handler(event(win.webContents, top), { toString: () => 'staff.list' }, {}, null)).error?.code).toBe('UNKNOWN_METHOD');
    expect((await handler(event(win.webContents, top), 'staff.list', {}, { not: 'a token' })).error?.code).toBe('UNAUTHENTICATED');
    expect((await handler(event(win.webContents, top), 'session.login', { staffId: 'x', pin: '1234', extra: 1 }, null)).error?.code).toBe('INVALID_INPUT');
    expect(dataChanges(win)).toHaveLength(1);
  });
});

describe('source rules for electron/ (what a later change must not slip in)', () => {
  const sources = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ file: f, text: fs.readFileSync(path.join(__dirname, f), 'utf8') }));
  const where = (re: RegExp) => sources.filter((s) => re.test(s.text)).map((s) => s.file);

  it('has the expected modules', () => {
    expect(sources.map((s) => s.file).sort()).toEqual(['channels.ts', 'ipc.ts', 'main.ts', 'preload.ts', 'protocol.ts', 'secrets.ts', 'security.ts', 'window.ts']);
  });

  it.each([
    ['windows are created only in window.ts', /new BrowserWindow\(/, ['window.ts']],
    ['no BrowserView, WebContentsView or webview', /BrowserView|WebContentsView|webviewTag:\s*true|<webview/, []],
    ['one ipcMain.handle, in ipc.ts', /ipcMain\.handle\(/, ['ipc.ts']],
    ['no fire-and-forget or synchronous IPC', /ipcMain\.on\(|ipcMain\.once\(|sendSync|handleOnce/, []],
    ['exposeInMainWorld only in the preload', /exposeInMainWorld\(/, ['preload.ts']],
    ['no shell.openExternal', /openExternal/, []],
    ['no loading from file:// or http(s)', /loadFile\(|loadURL\((?!APP_ENTRY_URL)/, []],
    ['no weakened preference', /nodeIntegration\w*:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false|allowRunningInsecureContent:\s*true|enableRemoteModule|experimentalFeatures:\s*true/, []],
    ['no certificate error override', /certificate-error|setCertificateVerifyProc/, []],
  ])('%s', (_label, re, expected) => {
    expect(where(re)).toEqual(expected);
  });

  it('ipcMain.handle is called exactly once and exposeInMainWorld exactly once', () => {
    const count = (re: RegExp) => sources.reduce((n, s) => n + (s.text.match(re)?.length ?? 0), 0);
    expect(count(/ipcMain\.handle\(/g)).toBe(1);
    expect(count(/exposeInMainWorld\(/g)).toBe(1);
  });
});
