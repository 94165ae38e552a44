import type { ApiError } from '../../src/api/errors';
import type { Me } from '../../src/api/contract/core';
import { api } from '../api';
import { applyLocale, type Locale } from '../i18n';
import type { SliceCreator } from './types';

export type StaffChoice = { id: string; displayName: string; role: 'receptionist' | 'coordinator' };

/** Why the person is back on the login screen, if not by their own choice. */
export type EndReason = 'idle' | 'expired' | null;

export interface SessionSlice {
  session: {
    /** null until session.status has answered. */
    setupRequired: boolean | null;
    /** No center in this data folder yet: the first-run screens ask for it (issue 18). */
    centerRequired: boolean;
    staff: StaffChoice[];
    token: string | null;
    me: Me | null;
    /** The interface language; before login, the one chosen on the login screen. */
    locale: Locale;
    statusError: ApiError | null;
    ended: EndReason;
    loadStatus(): Promise<void>;
    setup(input: { displayName: string; pin: string; locale: Locale; center?: { name: string; locationId?: string } }): Promise<ApiError | null>;
    centerCreated(): void;
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
  };
  return {
    session: {
      setupRequired: null,
      centerRequired: false,
      staff: [],
      token: null,
      me: null,
      locale: 'nl',
      statusError: null,
      ended: null,

      async loadStatus() {
        const r = await api['session.status']({});
        if (r.ok) patch({ setupRequired: r.value.setupRequired, centerRequired: r.value.centerRequired, staff: r.value.staff, statusError: null });
        else patch({ statusError: r.error });
      },

      async setup(input) {
        const r = await api['setup.createFirstCoordinator'](input);
        if (!r.ok) return r.error;
        if (input.center) patch({ centerRequired: false });
        loggedIn(r.value.token, r.value.me);
        return null;
      },

      centerCreated() {
        patch({ centerRequired: false });
      },

      async login(staffId, pin) {
        const r = await api['session.login']({ staffId, pin });
        if (!r.ok) return r.error;
        loggedIn(r.value.token, r.value.me);
        return null;
      },

      async logout() {
        if (get().session.token) await api['session.logout']({});
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
        const locale = get().session.locale;
        get().reset();
        patch({ ended: reason, locale });
        void get().session.loadStatus();
      },

      async setLocale(locale) {
        applyLocale(locale);
        patch({ locale });
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
