import type { Call } from './context';

/** Records a change by the calling staff member; call inside the change's transaction. */
export function audit(call: Call, action: string, entity: string, entityId: string | null, detail?: Record<string, unknown>): void {
  const s = call.session;
  call.core.store.audit.append({
    at: call.now().toISOString(),
    actorId: s?.staffId ?? null,
    actorName: s?.displayName ?? null,
    action,
    entity,
    entityId,
    detail,
  });
}
