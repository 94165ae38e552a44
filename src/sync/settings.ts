import type { Store } from '../db/store';
import type { SecretStore } from '../services/secrets';

/** Where the central system is; the token lives in the SecretStore, never in the database. */
export interface Connection {
  baseUrl: string;
  locationId: string;
}

/** The pull's resumable position; written in the same transaction as each stored page. */
export interface PullState {
  locationId: string;
  /** Highest meta.lastUpdated stored (central's clock); the next pull starts a little before it. */
  cursor: string | null;
  /** The date window ([from, to], Brussels dates) the cursor is valid for. */
  windowFrom: string;
  windowTo: string;
  /** A full resync of the window is under way (survives a crash: it resumes from the cursor). */
  fullPending: boolean;
  lastFullAt: string | null;
}

export interface SyncRecord {
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  lastPulled: number;
  lastPushed: number;
}

export const CONNECTION_KEY = 'sync.connection';
export const PULL_KEY = 'sync.pull';
export const RECORD_KEY = 'sync.record';
export const TOKEN_SECRET = 'central-token';

export function getConnection(store: Store): Connection | null {
  return store.settings.get<Connection>(CONNECTION_KEY) ?? null;
}

export function getToken(secrets: SecretStore): string | null {
  return secrets.get(TOKEN_SECRET);
}

export function getRecord(store: Store): SyncRecord {
  return store.settings.get<SyncRecord>(RECORD_KEY) ?? { lastSuccessAt: null, lastAttemptAt: null, lastError: null, lastPulled: 0, lastPushed: 0 };
}
