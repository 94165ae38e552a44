import { z } from 'zod';

/**
 * What local changes put in the outbox for the central system. Reception and planning write these
 * (in the same transaction as their change); the sync engine reads them. Payloads carry local ids
 * only: the engine maps them to FHIR when it sends, so a retried entry is always rebuilt from the
 * current local state and stays idempotent.
 */
export const OutboxPayloads = {
  /** An appointment moved forward: booked → arrived → fulfilled | noshow (or back to booked on an undo). */
  'appointment.status': z.strictObject({
    invitationId: z.string().max(64),
    status: z.enum(['booked', 'arrived', 'fulfilled', 'noshow']),
    at: z.string().max(40),
  }),
  /** A dose was given (or an earlier record corrected): becomes Immunization/{deterministic id}. */
  immunization: z.strictObject({
    vaccinationId: z.string().max(64),
  }),
  /** A walk-in: the person and their appointment must be created at central, idempotently. */
  walkin: z.strictObject({
    invitationId: z.string().max(64),
  }),
  /** The published capacity changed; the engine pushes the Schedule and the slots of that version. */
  'capacity.publish': z.strictObject({
    version: z.number().int().positive(),
  }),
} as const;

export type OutboxKind = keyof typeof OutboxPayloads;
export type OutboxPayload<K extends OutboxKind> = z.infer<(typeof OutboxPayloads)[K]>;

/** The resource whose entries must reach central in order. */
export function resourceKeyFor<K extends OutboxKind>(kind: K, p: OutboxPayload<K>): string {
  switch (kind) {
    case 'appointment.status':
    case 'walkin':
      return `appointment:${(p as OutboxPayload<'walkin'>).invitationId}`;
    case 'immunization':
      return `immunization:${(p as OutboxPayload<'immunization'>).vaccinationId}`;
    case 'capacity.publish':
      return 'capacity';
    default:
      throw new Error(`unknown outbox kind ${String(kind)}`);
  }
}
