import type { ChangeEvent } from './method';
import type { In, MethodName, Out } from './contract';
import type { Result } from './errors';

/**
 * What the Electron preload puts on `window.vaxdesk`. Shared by electron/preload.ts (which builds
 * it) and the renderer's API client (which consumes it); types only, so neither side pulls in
 * the other's runtime.
 */
export type BridgeApi = {
  /** `requestId` marks a write so that a retry is answered, not done again (src/api/idempotency.ts). */
  [K in MethodName]: (input: In<K>, token: string | null, requestId?: string) => Promise<Result<Out<K>>>;
};

export interface VaxdeskBridge {
  /** One function per contract method; every outcome, refusals included, is a Result value. */
  readonly api: BridgeApi;
  /** Called on every change event from the core; returns the function that unsubscribes. */
  onChange(listener: (e: ChangeEvent) => void): () => void;
}
