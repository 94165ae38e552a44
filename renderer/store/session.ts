import type { ApiError } from '../../src/api/errors';
import type { Me } from '../../src/api/contract/core';
import { api } from '../api';
import { applyLocale, type Locale } from '../i18n';
import type { SliceCreator } from './types';
import { tabSession } from './tab-session';

export type StaffChoice = { id: string; displayName: string; role: 'receptionist' | 'coordinator' };

/** Why the person is back on the login screen, if not by their own choice. */
export type EndReason = 'idle' | 'expired' | null;

export interface SessionSlice {
  session: {
    /** null until session.status has answered. */
    setupRequired: boolean | null;
    staff: StaffChoice[];
    token: string | null;
    me: Me | null;
    /** The interface language; before login, the one chosen on the login screen. */
    locale: Locale;
    statusError: ApiError | null;
    ended: EndReason;
    loadStatus(): Promise<void>;
    setup(input: { displayName: string; pin: string; locale: Locale }): Promise<ApiError | null>;
    login(staffId: string, pin: string): Promise<ApiError | null>;
    logout(): Promise<void>;
    /** The session ended without the person asking (idle lock, server expiry). */
    end(reason: Exclude<EndReason, null>): void;
    setLocale(locale: Locale): Promise<ApiError | null>;
    refreshMe(): Promise<void>;
  };
}

export const createSessionSlice: SliceCreator<SessionSlice> = (set, get) => {
  const patch = (p: Partial<SessionSlice['session']>) => set((s) => ({ session: { ...s.session, ...p } }));
  const loggedIn = (token: string, me: Me) => {
    patch({ token, me, locale: me.locale, ended: null, setupRequired: false });
    applyLocale(me.locale);
    tabSession.save(token);
    tabSession.saveLocale(me.locale);
  };
  const initialLocale = tabSession.locale();
  if (initialLocale) applyLocale(initialLocale);
  /**
   * A reload of the same tab: the token kept in sessionStorage is tried once. The idle lock still
   * holds: a tab left alone past it is locked, not resumed.
   */
  const resume = async () => {
    const token = tabSession.token();
    if (!token || get().session.token) return;
    patch({ token });
    const r = await api['session.me']({});
    if (get().session.token !== token) return;
    if (!r.ok) {
      tabSession.clear();
      patch({ token: null });
      return;
    }
    const last = tabSession.lastActive();
    if (r.value.idleLockMinutes && last !== null && Date.now() - last >= r.value.idleLockMinutes * 60_000) {
      loggedIn(token, r.value);
      get().session.end('idle');
      return;
    }
    loggedIn(token, r.value);
  };
  return {
    session: {
      setupRequired: null,
      staff: [],
      token: null,
      me: null,
      locale: initialLocale ?? 'nl',
      statusError: null,
      ended: null,

      async loadStatus() {
        const r = await api['session.status']({});
        if (r.ok && !r.value.setupRequired) await resume();
        if (r.ok) patch({ setupRequired: r.value.setupRequired, staff: r.value.staff, statusError: null });
        else patch({ statusError: r.error });
      },

      async setup(input) {
        const r = await api['setup.createFirstCoordinator'](input);
        if (!r.ok) return r.error;
        loggedIn(r.value.token, r.value.me);
        return null;
      },

      async login(staffId, pin) {
        const r = await api['session.login']({ staffId, pin });
        if (!r.ok) return r.error;
        loggedIn(r.value.token, r.value.me);
        return null;
      },

      async logout() {
        if (get().session.token) await api['session.logout']({});
        tabSession.clear();
        const locale = get().session.locale;
        get().reset();
        patch({ locale });
        await get().session.loadStatus();
      },

      end(reason) {
        if (!get().session.token) return;
        const token = get().session.token;
        // Best effort: the server expires idle sessions on its own as well.
        if (reason === 'idle' && token) void api['session.logout']({});
        tabSession.clear();
        const locale = get().session.locale;
        get().reset();
        patch({ ended: reason, locale });
        void get().session.loadStatus();
      },

      async setLocale(locale) {
        applyLocale(locale);
        patch({ locale });
        tabSession.saveLocale(locale);
        if (!get().session.token) return null;
        const r = await api['session.setLocale']({ locale });
        if (!r.ok) return r.error;
        patch({ me: r.value });
        return null;
      },

      async refreshMe() {
        if (!get().session.token) return;
        const r = await api['session.me']({});
        if (r.ok) patch({ me: r.value });
      },
    },
  };
};
