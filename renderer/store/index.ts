import { create } from 'zustand';
import { connectApi } from '../api';
import { createSessionSlice, type SessionSlice } from './session';
import { createStaffSlice, type StaffSlice } from './staff';
import { createUiSlice, type UiSlice } from './ui';
import { createReceptionSlice, type ReceptionSlice } from './reception';
import { createSyncSlice, type SyncSlice } from './sync';

/**
 * The one store. Each feature owns one slice under its own key (state.session, state.staff, …).
 * To add yours: write store/<feature>.ts like staff.ts, then add ONE line to each list below.
 */
export type AppState = SessionSlice &
  StaffSlice &
  ReceptionSlice &
  SyncSlice &
  UiSlice & {
    /** Back to the state of a fresh window (logout, idle lock, between tests). */
    reset(): void;
  };

export const useStore = create<AppState>()((...a) => ({
  ...createSessionSlice(...a),
  ...createStaffSlice(...a),
  ...createUiSlice(...a),
  ...createReceptionSlice(...a),
  ...createSyncSlice(...a),
  reset: () => a[0](useStore.getInitialState(), true),
}));

export const resetStore = (): void => useStore.getState().reset();

// The token exists only here, in memory: never in localStorage, gone with the window.
connectApi({
  token: () => useStore.getState().session.token,
  onSessionEnded: () => useStore.getState().session.end('expired'),
});
