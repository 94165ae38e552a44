import type { ChangeEvent, ChangeKind } from './method';
import type { Clock } from '../domain/time';

export type ChangeListener = (e: ChangeEvent) => void;

/** The one typed channel for "this kind of data changed"; IPC and SSE forward it to screens. */
export class EventBus {
  private readonly listeners = new Set<ChangeListener>();
  constructor(private readonly clock: Clock) {}

  subscribe(l: ChangeListener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  emit(kind: ChangeKind): void {
    const e: ChangeEvent = { kind, at: this.clock().toISOString() };
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        // A broken subscriber (a closed window) must not stop the others or the caller.
        console.error('change listener failed', err);
      }
    }
  }
}
