import { AsyncLocalStorage } from 'node:async_hooks';

interface Capture {
  write: () => void;
  ran: boolean;
}

const storage = new AsyncLocalStorage<Capture>();

/**
 * Lets a caller add its own row to whatever transaction the service it calls commits, without the
 * service knowing: a desk working on its copy queues each write for the hub in the same local
 * transaction as the write (a crash leaves both or neither). Scoped per call with
 * AsyncLocalStorage, so two calls in flight never take each other's hook.
 */
export const txHooks = {
  /** Runs fn; the first store.tx it commits also runs write() inside that transaction. */
  async capture<T>(write: () => void, fn: () => Promise<T>): Promise<{ value: T; captured: boolean }> {
    const c: Capture = { write, ran: false };
    const value = await storage.run(c, fn);
    return { value, captured: c.ran };
  },
  runInside<T>(fn: () => T): T {
    const value = fn();
    const c = storage.getStore();
    if (c && !c.ran) {
      c.write();
      c.ran = true;
    }
    return value;
  },
};
