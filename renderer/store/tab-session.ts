import { isLocale, type Locale } from '../i18n';

/**
 * What survives a reload of the same tab: the session token, the time of the last input (so the
 * idle lock counts across the reload) and the language. sessionStorage only, never localStorage:
 * it dies with the tab, so a closed browser or another tab on a shared desk is not logged in.
 */
const TOKEN = 'vaxdesk.token';
const ACTIVE = 'vaxdesk.lastActive';
const LOCALE = 'vaxdesk.locale';

function storage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}

export const tabSession = {
  save(token: string): void {
    storage()?.setItem(TOKEN, token);
    tabSession.touch();
  },
  token: (): string | null => storage()?.getItem(TOKEN) ?? null,
  clear(): void {
    storage()?.removeItem(TOKEN);
    storage()?.removeItem(ACTIVE);
  },
  touch(at = Date.now()): void {
    storage()?.setItem(ACTIVE, String(at));
  },
  /** The last keyboard, mouse or touch input in this tab (epoch ms), if known. */
  lastActive(): number | null {
    const v = Number(storage()?.getItem(ACTIVE));
    return Number.isFinite(v) && v > 0 ? v : null;
  },
  locale(): Locale | null {
    const v = storage()?.getItem(LOCALE);
    return isLocale(v) ? v : null;
  },
  saveLocale(l: Locale): void {
    storage()?.setItem(LOCALE, l);
  },
};
