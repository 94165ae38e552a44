import type { InvitationStatus } from '../db/invitations';

/**
 * The appointment lifecycle only moves forward: booked → arrived → fulfilled | noshow.
 * cancelled is the central system's decision and applies only to appointments nobody has acted on.
 */
const RANK: Record<InvitationStatus, number> = { booked: 0, cancelled: 0, arrived: 1, fulfilled: 2, noshow: 2 };

/** What a pulled or imported status does to the local one: never backward, never over a local arrival or outcome. */
export function mergeStatus(local: InvitationStatus, incoming: InvitationStatus): InvitationStatus {
  if (RANK[local] > 0) return RANK[incoming] > RANK[local] ? incoming : local;
  return incoming;
}

export function isForward(from: InvitationStatus, to: InvitationStatus): boolean {
  return RANK[to] > RANK[from];
}
