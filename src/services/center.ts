import { AppError } from '../api/errors';
import type { CenterView, centerContract } from '../api/contract/center';
import type { Center } from '../db/center';
import type { Store } from '../db/store';
import { CONNECTION_KEY, getConnection } from '../sync/settings';
import type { Call, HandlersFor } from './context';

export const viewOf = (c: Center): CenterView => ({ id: c.id, name: c.name, updatedAt: c.updatedAt });

export interface Actor {
  staffId: string | null;
  staffName: string | null;
}

function append(store: Store, at: string, who: Actor, action: string, detail: Record<string, unknown>): void {
  store.audit.append({ at, actorId: who.staffId, actorName: who.staffName, action, entity: 'center', entityId: null, detail });
}

/** The refusal a change of an id already in use gets until the caller confirms it (the UI says what it means). */
function idChangeRefusal(store: Store, from: string, to: string | null): AppError {
  const pulled = store.center.pulledFor(from);
  return new AppError(
    'CONFLICT',
    `This center is Location/${from} at the central system. Changing it to ${to ? `Location/${to}` : 'nothing'} leaves the ${pulled} invitation(s) already pulled for Location/${from} on this desk as another center's: checking them in asks for an override, they no longer count in this center's capacity and central no longer updates them; the next sync pulls the new Location's invitations from the start. Confirm to change it.`,
    { reason: 'centerIdChange', from, to, pulled },
  );
}

/**
 * Sets the center's Location id, inside the caller's transaction. From none to an id it simply
 * takes it (and walk-ins recorded meanwhile become the center's own); from one id to another it
 * needs `confirm`, because invitations pulled for the old id stay behind. The connection's
 * Location follows, so the pull and the center never point at two different Locations.
 */
export function setCenterId(store: Store, next: string, confirm: boolean, at: string, who: Actor): void {
  const c = store.center.get();
  if (!c) throw new AppError('CONFLICT', 'This desk has no center yet: a coordinator creates it first (Staff → Center).', { reason: 'noCenter' });
  if (c.id === next) return;
  if (c.id !== null && !confirm) throw idChangeRefusal(store, c.id, next);
  store.center.update({ id: next, name: c.name }, at);
  const adopted = c.id === null ? store.center.adoptLocal(next) : 0;
  const conn = getConnection(store);
  if (conn && conn.locationId !== next) store.settings.put(CONNECTION_KEY, { ...conn, locationId: next });
  append(store, at, who, 'center.setId', { from: c.id, to: next, pulledForOld: c.id ? store.center.pulledFor(c.id) : 0, adopted });
}

/** The first-run screen's center, created with the first coordinator in their transaction. */
export function createCenter(store: Store, c: { name: string; locationId?: string | undefined }, at: string, who: Actor): void {
  if (store.center.get()) throw new AppError('CONFLICT', 'This data folder already has a center; change it in Staff → Center.', { reason: 'centerExists' });
  store.center.create({ id: c.locationId ?? null, name: c.name }, at);
  append(store, at, who, 'center.create', { name: c.name, id: c.locationId ?? null });
}

const who = (call: Call): Actor => ({ staffId: call.session?.staffId ?? null, staffName: call.session?.displayName ?? null });

export const centerHandlers: HandlersFor<typeof centerContract> = {
  'center.get': (_i, call) => {
    const c = call.core.store.center.get();
    return { center: c ? viewOf(c) : null, pulledInvitations: c?.id ? call.core.store.center.pulledFor(c.id) : 0 };
  },

  'center.update': (i, call) => {
    const { store } = call.core;
    const at = call.now().toISOString();
    store.tx(() => {
      const c = store.center.get();
      if (!c) return createCenter(store, { name: i.name, locationId: i.locationId ?? undefined }, at, who(call));
      if (c.id !== null && i.locationId === null) {
        throw new AppError('INVALID_INPUT', "A center's Location id cannot be removed once set; correct it instead.", { field: 'locationId' });
      }
      if (i.locationId !== null) setCenterId(store, i.locationId, i.confirmIdChange, at, who(call));
      if (c.name !== i.name) {
        store.center.update({ id: store.center.id(), name: i.name }, at);
        append(store, at, who(call), 'center.rename', { from: c.name, to: i.name });
      }
    });
    return viewOf(store.center.get()!);
  },
};
