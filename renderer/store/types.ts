import type { StateCreator } from 'zustand';
import type { AppState } from './index';

/** A slice creator over the whole app state (slices may read each other through get()). */
export type SliceCreator<S> = StateCreator<AppState, [], [], S>;
