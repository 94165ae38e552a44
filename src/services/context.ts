import type { DeskActivity } from './desk-activity';
import type { Store } from '../db/store';
import type { Clock } from '../domain/time';
import type { EventBus } from '../api/events';
import type { SessionStore, Session } from './sessions';
import type { AnySpec, OutputOf, ParsedOf } from '../api/method';
import type { SecretStore } from './secrets';

/** Long-lived things every use case may need. Built once per process (app, server, CLI, test). */
export interface Core {
  store: Store;
  clock: Clock;
  events: EventBus;
  sessions: SessionStore;
  /** The data folder, for services that write files (backups, exports); null for in-memory tests. */
  dataDir: string | null;
  /** Where secrets (the central system's token) are kept: safeStorage in Electron, an owner-only file otherwise. */
  secrets: SecretStore;
  /** When staff last called the API: background work yields while the desk is busy. */
  desk: DeskActivity;
  /** Services that run in the background (sync) hang off here, keyed by area. */
  extensions: Record<string, unknown>;
}

/** One API call: the core plus who is calling. */
export interface Call {
  core: Core;
  session: Session | null;
  /** The calling session; throws UNAUTHENTICATED if none (the dispatcher checks before this). */
  me(): Session;
  now(): Date;
  /**
   * Set when the call records what already happened elsewhere (a desk's write replayed on the hub,
   * or made on a desk's copy while the hub was away): a dose that was given is recorded even when
   * the lot's count says it is empty; the lot goes below zero for the coordinator to look at.
   */
  alreadyHappened?: boolean;
}

/** The handler type for one contract area: one function per method, typed from the spec. */
export type HandlersFor<C extends Record<string, AnySpec>> = {
  [K in keyof C]: (input: ParsedOf<C[K]>, call: Call) => OutputOf<C[K]> | Promise<OutputOf<C[K]>>;
};
