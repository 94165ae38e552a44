import type { DeskActivity } from './desk-activity';
import type { Store } from '../db/store';
import type { Clock } from '../domain/time';
import type { EventBus } from '../api/events';
import type { SessionStore, Session } from './sessions';
import type { AnySpec, OutputOf, ParsedOf } from '../api/method';
import type { SecretStore } from './secrets';
import type { PinGuard } from './pin-guard';
import type { DataKeys } from './data-keys';

/** Long-lived things every use case may need. Built once per process (app, server, CLI, test). */
export interface Core {
  store: Store;
  clock: Clock;
  events: EventBus;
  sessions: SessionStore;
  /** Counts and serialises every PIN check (login, restore) and rate-limits them all together. */
  pinGuard: PinGuard;
  /** The data folder, for services that write files (backups, exports); null for in-memory tests. */
  dataDir: string | null;
  /** Where secrets (the central system's token) are kept: safeStorage in Electron, an owner-only file otherwise. */
  secrets: SecretStore;
  /** The keys of backups and the audit chain, kept outside the database (data-keys.ts). */
  keys: DataKeys;
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
}

/** The handler type for one contract area: one function per method, typed from the spec. */
export type HandlersFor<C extends Record<string, AnySpec>> = {
  [K in keyof C]: (input: ParsedOf<C[K]>, call: Call) => OutputOf<C[K]> | Promise<OutputOf<C[K]>>;
};
