import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { execute } from '../api/dispatch';
import { isMethodName, type MethodName } from '../api/contract';
import type { Result } from '../api/errors';
import { handlers } from '../services/handlers';
import type { Core } from '../services/context';
import type { Session } from '../services/sessions';
import type { HubDesk } from '../db/hub';
import { txHooks } from '../db/tx-hooks';

/**
 * What a desk may do on its own copy and send later. Everything else written while the hub is
 * away is refused at the desk (HUB_UNAVAILABLE): staff, plans and stock belong to the hub.
 */
export const REPLAYABLE = ['arrivals.checkIn', 'arrivals.undo', 'walkins.register', 'outcomes.record', 'outcomes.undo'] as const satisfies readonly MethodName[];
export const isReplayable = (m: string): boolean => (REPLAYABLE as readonly string[]).includes(m);

export const RequestId = z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/);
const Entry = z.strictObject({
  requestId: RequestId,
  method: z.string().max(60),
  input: z.unknown(),
  staffId: z.string().min(1).max(64),
  at: z.iso.datetime().max(40),
});
export const ReplayBatch = z.strictObject({ backlog: z.number().int().min(0).max(10_000_000), entries: z.array(Entry).max(200) });
export type ReplayEntry = z.infer<typeof Entry>;
export type ReplayOutcome = { requestId: string; outcome: 'applied' | 'conflict' | 'refused'; result: Result<unknown> };

function sessionFor(core: Core, desk: HubDesk, staffId: string): Session | null {
  const s = core.store.staff.get(staffId);
  if (!s) return null;
  // The PIN was checked at the desk; the hub trusts the paired desk for who did it.
  return { token: `replay:${desk.id}`, staffId: s.id, displayName: s.displayName, role: s.role, locale: s.locale, deskId: desk.id, createdAt: 0, lastSeenAt: 0, defaults: {} };
}

/**
 * Applies a desk's waiting writes in order, each through the same dispatcher path (guards,
 * services) as a live call, as the staff member who made it, at the time it was made.
 * Exactly once: the (desk, request id) record commits in the write's own transaction, and a
 * request id seen before is answered from that record. A write the hub cannot apply as it was
 * becomes a conflict (the second arrival of two desks apart), recorded, never dropped.
 */
export async function applyReplays(core: Core, desk: HubDesk, entries: ReplayEntry[]): Promise<ReplayOutcome[]> {
  const { hub } = core.store;
  const out: ReplayOutcome[] = [];
  for (const e of entries) {
    const seen = hub.replay(desk.id, e.requestId);
    if (seen) {
      out.push({ requestId: e.requestId, outcome: seen.outcome, result: seen.result as Result<unknown> });
      continue;
    }
    if (!isMethodName(e.method) || !isReplayable(e.method)) {
      out.push({ requestId: e.requestId, outcome: 'refused', result: { ok: false, error: { code: 'FORBIDDEN', message: `${e.method.slice(0, 60)} is not sent from a desk's copy.` } } });
      continue;
    }
    const session = sessionFor(core, desk, e.staffId);
    const appliedAt = core.clock().toISOString();
    let result: Result<unknown>;
    if (!session) {
      result = { ok: false, error: { code: 'NOT_FOUND', message: 'The staff member who made this change is not known at the hub.' } };
    } else {
      const at = new Date(e.at);
      const run = await txHooks.capture(
        () => hub.recordReplay(desk.id, e.requestId, e.method, appliedAt, 'applied', null),
        () => execute(core, handlers, e.method as MethodName, e.input, session, () => at, true),
      );
      result = run.value;
      if (result.ok && !run.captured) hub.recordReplay(desk.id, e.requestId, e.method, appliedAt, 'applied', null);
    }
    if (result.ok) {
      out.push({ requestId: e.requestId, outcome: 'applied', result });
      continue;
    }
    const err = result.error;
    const input = (e.input ?? {}) as Record<string, unknown>;
    core.store.tx(() => {
      hub.addConflict({
        id: randomUUID(),
        kind: err.code === 'ALREADY_CHECKED_IN' ? 'double-arrival' : 'refused',
        deskId: desk.id,
        requestId: e.requestId,
        method: e.method,
        input: e.input,
        entityId: typeof input.invitationId === 'string' ? input.invitationId : null,
        staffId: session?.staffId ?? e.staffId,
        staffName: session?.displayName ?? null,
        at: e.at,
        first: { ...(err.details ?? {}), code: err.code, message: err.message },
        errorCode: err.code,
        recordedAt: appliedAt,
      });
      hub.recordReplay(desk.id, e.requestId, e.method, appliedAt, 'conflict', result);
      core.store.audit.append({ at: appliedAt, actorId: null, actorName: null, action: 'hub.conflict', entity: 'desk', entityId: desk.id, detail: { requestId: e.requestId, method: e.method, code: err.code } });
    });
    core.events.emit('hub');
    out.push({ requestId: e.requestId, outcome: 'conflict', result });
  }
  return out;
}
