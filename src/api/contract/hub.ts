import { z } from 'zod';
import { method, returns } from '../method';
import { DisplayName, Empty, Id, Reason } from '../schemas';

/** What this installation is in a center: alone, the hub, or a desk of a hub (online or on its copy). */
export type HubMode = 'standalone' | 'hub' | 'online' | 'offline' | 'revoked';

export interface HubInfo {
  enabled: boolean;
  /** Where desks reach the hub (https://address:port), while it listens. */
  url: string | null;
  /** SHA-256 of the hub's certificate; desks compare it when they join. */
  fingerprint: string | null;
}

export interface HubStatus {
  mode: HubMode;
  /** Writes made on this desk's copy that the hub has not taken yet. */
  waiting: number;
  hubUrl: string | null;
  deskId: string | null;
  /** The banner the desk shows, null when there is nothing to say (English; the UI translates by mode). */
  banner: string | null;
  /** When the desk last heard from the hub. */
  lastContactAt: string | null;
}

export interface HubDeskSummary {
  id: string;
  name: string;
  pairedAt: string;
  lastSeenAt: string | null;
  backlog: number;
  revokedAt: string | null;
}

export interface HubConflict {
  id: string;
  kind: 'double-arrival' | 'refused';
  deskId: string;
  deskName: string | null;
  method: string;
  invitationId: string | null;
  staffName: string | null;
  at: string;
  /** What the hub already held: for a double arrival, the first arrival (desk, staff, time). */
  first: Record<string, unknown>;
  errorCode: string;
  recordedAt: string;
  settledAt: string | null;
  settlement: string | null;
}

const HubUrl = z
  .string()
  .trim()
  .max(200)
  .regex(/^https:\/\/[A-Za-z0-9.:[\]-]+:\d{1,5}\/?$/, 'expected https://<address>:<port>');
const Fingerprint = z
  .string()
  .trim()
  .max(120)
  .regex(/^[0-9A-Fa-f: ]+$/, 'a SHA-256 fingerprint is hexadecimal');
const PairingCode = z.string().trim().min(4).max(20);
const Host = z.string().trim().min(1).max(64).regex(/^[0-9A-Fa-f.:]+$/, 'an IP address');

export const hubContract = {
  'hub.info': method({
    role: 'coordinator',
    summary: "Whether this installation serves desks as the center's hub, where, and its certificate fingerprint.",
    input: Empty,
    result: returns<HubInfo>(),
    emits: [],
  }),
  'hub.enable': method({
    role: 'coordinator',
    summary: 'Start (or stop) serving desks on the LAN over TLS; the certificate is made at the first start.',
    input: z.strictObject({ enabled: z.boolean(), host: Host.optional(), port: z.number().int().min(1).max(65535).optional() }),
    result: returns<HubInfo>(),
    emits: ['hub', 'settings'],
  }),
  'hub.createPairingCode': method({
    role: 'coordinator',
    summary: 'A one-time code for one new desk, valid ten minutes; wrong guesses wear it out.',
    input: Empty,
    result: returns<{ code: string; expiresAt: string; fingerprint: string | null }>(),
    emits: ['hub'],
  }),
  'hub.desks': method({
    role: 'coordinator',
    summary: 'The desks paired with this hub: name, last seen, changes waiting, revoked.',
    input: Empty,
    result: returns<HubDeskSummary[]>(),
    emits: [],
  }),
  'hub.revokeDesk': method({
    role: 'coordinator',
    summary: 'Cut a desk off at once: its credential is refused from the next request on.',
    input: z.strictObject({ deskId: Id }),
    result: returns<HubDeskSummary>(),
    emits: ['hub'],
  }),
  'hub.conflicts': method({
    role: 'coordinator',
    summary: 'Writes made on desks while apart that the hub could not apply as they were (a second arrival).',
    input: z.strictObject({ openOnly: z.boolean().default(true), limit: z.number().int().min(1).max(500).default(200) }),
    result: returns<HubConflict[]>(),
    emits: [],
  }),
  'hub.settleConflict': method({
    role: 'coordinator',
    summary: 'Settle a conflict with what was done about it (audited).',
    input: z.strictObject({ conflictId: Id, settlement: z.enum(['keptFirst', 'corrected', 'dismissed']), note: Reason }),
    result: returns<HubConflict>(),
    emits: ['hub'],
  }),
  'hub.status': method({
    role: 'public',
    summary: "A desk's link to its hub: online, or working on its own copy with N changes waiting (the banner).",
    input: Empty,
    result: returns<HubStatus>(),
    emits: [],
  }),
  'hub.probe': method({
    role: 'public',
    summary: "First start of a desk only: the fingerprint of the hub at this address, for the user to compare with the hub's screen.",
    input: z.strictObject({ url: HubUrl }),
    result: returns<{ fingerprint: string }>(),
    emits: [],
  }),
  'hub.join': method({
    role: 'public',
    summary: 'First start of a desk only: join the hub with a pairing code; refused unless the hub shows the fingerprint given.',
    input: z.strictObject({ url: HubUrl, code: PairingCode, fingerprint: Fingerprint, name: DisplayName }),
    result: returns<{ deskId: string; hubUrl: string; fingerprint: string }>(),
    emits: ['hub', 'staff', 'invitations'],
  }),
} as const;
