import type { ChangeKind } from '../api/method';
import type { EventBus } from '../api/events';

/**
 * Waits until `what()` holds, checking every few milliseconds. What a test waits for is the
 * condition; `timeoutMs` only ends a hang, so it is generous (far above a quiet machine's time).
 */
export async function until(what: () => boolean, opts: { timeoutMs?: number; label?: string } = {}): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const t0 = Date.now();
  while (!what()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`${opts.label ?? 'condition'} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Resolves on the next event of this kind on the bus (subscribe before doing what emits it). */
export function nextChange(events: EventBus, kind: ChangeKind, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`no "${kind}" change within ${timeoutMs} ms`));
    }, timeoutMs);
    const stop = events.subscribe((e) => {
      if (e.kind !== kind) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}
