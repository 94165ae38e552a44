import type { SliceCreator } from './types';

export interface UiSlice {
  ui: {
    /** The section on screen (an id from features/sections.tsx); null = the role's first. */
    section: string | null;
    go(section: string): void;
  };
}

export const createUiSlice: SliceCreator<UiSlice> = (set) => ({
  ui: {
    section: null,
    go: (section) => set((s) => ({ ui: { ...s.ui, section } })),
  },
});
