import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './security';

/**
 * The one window. The renderer shows untrusted data (names from the national system, imported
 * CSV): if it were ever scripted, it must find no Node, no Electron internals and no way out of
 * the OS sandbox. The preferences are written out literally here so that static scanners
 * (electronegativity) see exactly what is used.
 */
export function createMainWindow(preloadPath: string, iconPath: string | undefined, devTools: boolean): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'VaxDesk',
    show: false,
    backgroundColor: '#f4f6f8',
    autoHideMenuBar: true,
    icon: iconPath,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      // Middle-click would otherwise try to open links in a new window (refused anyway).
      disableBlinkFeatures: 'Auxclick',
      safeDialogs: true,
      spellcheck: false,
      devTools,
    },
  });
  // Shown once painted, so a receptionist never sees a white flash at start.
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL).catch((e: unknown) => console.error('[vaxdesk] the window could not load the app', e));
  return win;
}
