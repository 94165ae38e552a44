import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL, secureWebPreferences } from './security';

/** Options for the one window; exported so the hardening test reads exactly what is used. */
export function mainWindowOptions(preloadPath: string, iconPath?: string): Electron.BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    title: 'VaxDesk',
    show: false,
    backgroundColor: '#f4f6f8',
    autoHideMenuBar: true,
    ...(iconPath ? { icon: iconPath } : {}),
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export function createMainWindow(preloadPath: string, iconPath?: string): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath, iconPath));
  // Shown once painted, so a receptionist never sees a white flash at start.
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL).catch((e: unknown) => console.error('[vaxdesk] the window could not load the app', e));
  return win;
}
