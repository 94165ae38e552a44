import { useEffect, useRef } from 'react';
import type { ChangeEvent, ChangeKind } from '../src/api/method';
import { onChange } from './api';

/**
 * One event stream per window (the App opens it while someone is logged in) fanned out to every
 * screen that listens, so ten open panels do not mean ten SSE connections.
 */
type Listener = (e: ChangeEvent) => void;
const listeners = new Set<Listener>();

export function publishChange(e: ChangeEvent): void {
  for (const l of [...listeners]) {
    try {
      l(e);
    } catch (err) {
      console.error('change listener failed', err);
    }
  }
}

/** Opens the window's change stream; returns the function that closes it. */
export function openChangeStream(): () => void {
  return onChange(publishChange);
}

export function subscribeChanges(kinds: readonly ChangeKind[], l: Listener): () => void {
  const filtered: Listener = (e) => {
    if (kinds.includes(e.kind)) l(e);
  };
  listeners.add(filtered);
  return () => listeners.delete(filtered);
}

/** Calls `refresh` whenever one of `kinds` changes anywhere (this desk or another). */
export function useOnChange(kinds: readonly ChangeKind[], refresh: (e: ChangeEvent) => void): void {
  const ref = useRef(refresh);
  ref.current = refresh;
  const key = kinds.join(',');
  useEffect(() => subscribeChanges(key.split(',') as ChangeKind[], (e) => ref.current(e)), [key]);
}
