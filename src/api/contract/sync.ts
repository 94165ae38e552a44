import { z } from 'zod';
import { method, returns } from '../method';
import { Empty, Reason } from '../schemas';
import type { SyncStatus } from '../../sync/engine';

export type { SyncStatus };

export interface SyncRunSummary {
  ok: boolean;
  unreachable: boolean;
  error: string | null;
  pulled: { entries: number; inserted: number; updated: number; pages: number; full: boolean } | null;
  pushed: { pushed: number; parked: number; retrying: number } | null;
}

export interface ConnectionView {
  baseUrl: string | null;
  locationId: string | null;
  hasToken: boolean;
  /** Where the token is kept ("OS keychain", "owner-only file"). */
  tokenStore: string;
}

export interface ConnectionTest {
  latencyMs: number;
  fhirVersion: string | null;
  software: string | null;
  locationName: string | null;
}

export interface ParkedChange {
  id: number;
  kind: string;
  resourceKey: string;
  payload: Record<string, unknown>;
  createdAt: string;
  attempts: number;
  lastError: string | null;
  waitingBehind: number;
}

const BaseUrl = z.string().trim().min(8).max(300);
/** A FHIR id (R4: [A-Za-z0-9-.]{1,64}). */
const FhirId = z.string().trim().regex(/^[A-Za-z0-9\-.]{1,64}$/, 'a FHIR id: letters, digits, - and . (at most 64)');
const Token = z.string().trim().min(1).max(4096).regex(/^[\x21-\x7e]+$/, 'a token is printable ASCII without spaces');

export const syncContract = {
  'sync.status': method({
    role: 'receptionist',
    summary: 'Online, offline or failing; last successful sync; outbox count; next try; progress of a running sync.',
    input: Empty,
    result: returns<SyncStatus>(),
    emits: [],
  }),
  'sync.run': method({
    role: 'receptionist',
    summary: 'Sync now (pull, then push); with wait the call returns the figures, otherwise it starts and sync.status shows progress.',
    input: z.strictObject({ full: z.boolean().default(false), wait: z.boolean().default(false) }),
    result: returns<{ started: boolean; summary: SyncRunSummary | null }>(),
    emits: ['sync'],
  }),
  'sync.getConnection': method({
    role: 'coordinator',
    summary: 'The central system address and Location id, and whether a token is stored (never the token).',
    input: Empty,
    result: returns<ConnectionView>(),
    emits: [],
  }),
  'sync.setConnection': method({
    role: 'coordinator',
    summary: "Set the central system address (HTTPS, or http to localhost), the Location id and optionally a new token. The Location id becomes the center's id when it has none; another id than the center's is refused with CONFLICT (details.reason centerIdChange) until confirmCenterChange is true.",
    input: z.strictObject({ baseUrl: BaseUrl, locationId: FhirId, token: Token.optional(), clearToken: z.boolean().default(false), confirmCenterChange: z.boolean().default(false) }),
    result: returns<ConnectionView>(),
    emits: ['sync', 'settings'],
  }),
  'sync.testConnection': method({
    role: 'coordinator',
    summary: 'Try the saved connection (or the given, unsaved values): FHIR R4 capability statement and the Location.',
    input: z.strictObject({ baseUrl: BaseUrl.optional(), locationId: FhirId.optional(), token: Token.optional() }),
    result: returns<ConnectionTest>(),
    emits: [],
  }),
  'sync.parked': method({
    role: 'coordinator',
    summary: 'Changes central refused for good, with the error, for review.',
    input: Empty,
    result: returns<ParkedChange[]>(),
    emits: [],
  }),
  'sync.retryParked': method({
    role: 'coordinator',
    summary: 'Send a parked change again (after the cause was fixed at central).',
    input: z.strictObject({ id: z.number().int().positive() }),
    result: returns<null>(),
    emits: ['sync'],
  }),
  'sync.discardParked': method({
    role: 'coordinator',
    summary: 'Give up on a parked change; the reason and the change are kept in the audit log.',
    input: z.strictObject({ id: z.number().int().positive(), reason: Reason }),
    result: returns<null>(),
    emits: ['sync'],
  }),
} as const;
