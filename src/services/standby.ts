import { randomUUID } from 'node:crypto';
import { AppError } from '../api/errors';
import type { standbyContract, StandbyItem } from '../api/contract/standby';
import type { StandbyEntry } from '../db/standby';
import { checkNiss, maskNiss } from '../domain/niss';
import { nextToCall, priorityRank } from '../domain/standby';
import { localDate } from '../domain/time';
import { audit } from './audit-log';
import type { Call, HandlersFor } from './context';

const item = (e: StandbyEntry): StandbyItem => {
  const { niss, ...rest } = e;
  return { ...rest, nissMasked: maskNiss(niss) };
};

function mustGet(call: Call, id: string): StandbyEntry {
  const e = call.core.store.standby.get(id);
  if (!e) throw new AppError('NOT_FOUND', 'This person is not on the standby list.');
  return e;
}

/** Hook for reception: turns an accepted standby person into today's walk-in; returns the invitation id. */
export type StandbyWalkIn = (call: Call, e: StandbyEntry) => string;
let walkInHook: StandbyWalkIn | null = null;
export function setStandbyWalkIn(fn: StandbyWalkIn): void {
  walkInHook = fn;
}

export const standbyHandlers: HandlersFor<typeof standbyContract> = {
  'standby.list': (i, call) => call.core.store.standby.waiting(i.limit).map(item),

  'standby.add': (i, call) => {
    const check = checkNiss(i.niss);
    if (!check.ok) {
      throw new AppError(
        'INVALID_INPUT',
        check.reason === 'checksum' ? 'This national register number has a typo: its check digits do not match.' : 'A national register number has 11 digits.',
      );
    }
    const { store } = call.core;
    const now = call.now().toISOString();
    const fields = {
      familyName: i.familyName,
      givenName: i.givenName,
      birthDate: i.birthDate ?? check.birthDate,
      phone: i.phone,
      priorityGroup: i.priorityGroup,
      priorityRank: priorityRank(i.priorityGroup),
    };
    const id = store.tx(() => {
      const existing = store.standby.waitingByNiss(check.niss);
      if (existing) {
        store.standby.update({ id: existing.id, ...fields }, now);
        audit(call, 'standby.update', 'standby', existing.id, { priorityGroup: i.priorityGroup });
        return existing.id;
      }
      const newId = randomUUID();
      store.standby.insert({ id: newId, niss: check.niss, ...fields }, now);
      audit(call, 'standby.add', 'standby', newId, { priorityGroup: i.priorityGroup });
      return newId;
    });
    return item(mustGet(call, id));
  },

  'standby.nextToCall': (i, call) => {
    const now = call.now();
    return nextToCall(call.core.store.standby.waiting(1000), i.doses, now, localDate(now)).map(item);
  },

  'standby.recordCall': (i, call) => {
    const { store } = call.core;
    const at = call.now().toISOString();
    store.tx(() => {
      const e = mustGet(call, i.id);
      if (e.status !== 'waiting') throw new AppError('CONFLICT', 'This person is no longer waiting on the standby list.');
      store.standby.addCall(e.id, at, call.me().staffId, i.result);
      if (i.result === 'accepted') {
        const invitationId = walkInHook ? walkInHook(call, e) : null;
        store.standby.setStatus(e.id, 'accepted', invitationId, at);
      }
      audit(call, 'standby.call', 'standby', e.id, { result: i.result });
    });
    return item(mustGet(call, i.id));
  },

  'standby.remove': (i, call) => {
    const { store } = call.core;
    store.tx(() => {
      const e = mustGet(call, i.id);
      store.standby.setStatus(e.id, 'removed', e.invitationId, call.now().toISOString());
      audit(call, 'standby.remove', 'standby', e.id, { reason: i.reason });
    });
    return null;
  },
};
