import path from 'node:path';
import fs from 'node:fs';
import { app, BrowserWindow, ipcMain, protocol, safeStorage, session } from 'electron';
import { createApp, startBackgroundCheckpoints, type App } from '../src/core';
import { APP_SCHEME, hardenSession, hardenWebContents } from './security';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler } from './protocol';
import { registerIpc } from './ipc';
import { safeStorageSecretStore } from './secrets';
import { createMainWindow } from './window';
import { startBackups, backupOnExit } from '../src/services/backup';
import { startSync } from '../src/sync/engine';
import { startRetention } from '../src/services/retention-schedule';

// Bundled to dist/electron/main.js: the preload sits beside it, the renderer in dist/renderer.
const PRELOAD = path.join(__dirname, 'preload.js');
const RENDERER_ROOT = path.join(__dirname, '..', 'renderer');
const ICON = path.join(__dirname, '..', '..', 'assets', 'icon.png');

let core: App | null = null;
let mainWindow: BrowserWindow | null = null;
let disposeIpc: (() => void) | null = null;
let stopSync: (() => void) | null = null;
let stopRetention: (() => void) | null = null;
let exiting = false;

// Every renderer in the OS sandbox, even one created by a future change that forgets the option.
app.enableSandbox();
// Must happen before `ready`: the scheme's privileges are fixed when Chromium starts.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

// Two instances would write the same SQLite file and keep two session tables: the second hands over.
const primary = app.requestSingleInstanceLock();
if (!primary) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  // Any web contents, not only the main window's (devtools, a future print view): same guards.
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));

  app.on('window-all-closed', () => app.quit());

  app.on('before-quit', (event: { preventDefault(): void }) => {
    if (exiting || !core) return shutdown();
    // One last verified backup before the database closes; quitting waits for it (it never throws).
    event.preventDefault();
    exiting = true;
    const closing = core;
    void backupOnExit(closing).finally(() => {
      shutdown();
      app.quit();
    });
  });

  app
    .whenReady()
    .then(start)
    .catch((e: unknown) => {
      console.error('[vaxdesk] start failed', e);
      shutdown();
      app.exit(1);
    });
}

function start(): void {
  // createApp makes the folder owner-only (and tightens Electron's 0755 userData).
  const dataDir = app.getPath('userData');
  core = createApp({ dataDir, secrets: safeStorageSecretStore(path.join(dataDir, 'secrets'), safeStorage) });
  startBackgroundCheckpoints(core);

  const ses = session.defaultSession;
  hardenSession(ses);
  ses.protocol.handle(APP_SCHEME, appProtocolHandler(RENDERER_ROOT));

  disposeIpc = registerIpc(ipcMain, core.dispatch, core.core.events, () => mainWindow?.webContents ?? null);
  // Backups every 30 minutes and the scheduled sync with the central system, as in `vaxdesk serve`.
  startBackups(core);
  stopSync = startSync(core.core);
  stopRetention = startRetention(core.core);
  openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
}

function openWindow(): void {
  mainWindow = createMainWindow(PRELOAD, fs.existsSync(ICON) ? ICON : undefined, !app.isPackaged);
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

/** Closes the database once (before-quit may fire more than once on macOS). */
function shutdown(): void {
  disposeIpc?.();
  disposeIpc = null;
  stopSync?.();
  stopSync = null;
  stopRetention?.();
  stopRetention = null;
  (core?.core.extensions.backup as { stop?: () => void } | undefined)?.stop?.();
  if (core) {
    try {
      core.close();
    } catch (e) {
      console.error('[vaxdesk] closing the database failed', e);
    }
    core = null;
  }
}

export const forTests = { shutdown, get core() { return core; }, get mainWindow() { return mainWindow; } };
