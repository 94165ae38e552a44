import type { Store } from '../db/store';
import type { SecretStore } from '../services/secrets';
import type { PatientInclude } from './central';

/** Where the central system is; the token lives in the SecretStore, never in the database. */
export interface Connection {
  baseUrl: string;
  locationId: string;
  /**
   * The identifier system of the national invitation id printed on the letter. Absent or null:
   * the Appointment's first usable identifier (see mappers.ts invitationCodeOf).
   */
  invitationSystem?: string | null;
  /** How the pull asks for the Patients of its Appointments; absent: Appointment:patient, null: not at all. */
  include?: PatientInclude | null;
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
  /**
   * Highest meta.lastUpdated of a Patient seen (central's clock): the next pull asks for the
   * window's people changed since a little before it. Absent in states written before 16.1.
   */
  patientCursor?: string | null;
}

export interface SyncRecord {
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  lastPulled: number;
  lastPushed: number;
}

/** An identifier system VaxDesk accepts in the settings: an absolute http(s) URL or a URN. */
export const SYSTEM_URI = /^(?:https?:\/\/[^\s/?#]+\S*|urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:\S+)$/;
export const SYSTEM_URI_MAX = 300;

export const CONNECTION_KEY = 'sync.connection';
export const PULL_KEY = 'sync.pull';
export const RECORD_KEY = 'sync.record';
export const TOKEN_SECRET = 'central-token';
export const CENTER_KEY = 'center';

export function getConnection(store: Store): Connection | null {
  return store.settings.get<Connection>(CONNECTION_KEY) ?? null;
}

export function getToken(secrets: SecretStore): string | null {
  return secrets.get(TOKEN_SECRET);
}

export function centerId(store: Store): string | null {
  return store.settings.get<{ id: string }>(CENTER_KEY)?.id ?? null;
}

export function getRecord(store: Store): SyncRecord {
  return store.settings.get<SyncRecord>(RECORD_KEY) ?? { lastSuccessAt: null, lastAttemptAt: null, lastError: null, lastPulled: 0, lastPushed: 0 };
}
