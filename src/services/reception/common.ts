import { AppError } from '../../api/errors';
import type { ReceptionHit } from '../../api/contract/reception';
import type { ReceptionRow } from '../../db/reception-search';
import type { Store } from '../../db/store';
import type { DayCapacity } from '../../domain/checkin';
import { maskNiss } from '../../domain/niss';
import { localDate } from '../../domain/time';
import type { Call } from '../context';

export function toHit(r: ReceptionRow, centerId: string | null): ReceptionHit {
  return {
    invitationId: r.invitationId,
    code: r.code,
    personId: r.personId,
    familyName: r.familyName,
    givenName: r.givenName,
    birthDate: r.birthDate,
    nissMasked: r.niss ? maskNiss(r.niss) : null,
    day: r.day,
    startAt: r.startAt,
    endAt: r.endAt,
    doseNumber: r.doseNumber,
    productCode: r.productCode,
    status: r.status,
    centerId: r.centerId,
    otherCenter: centerId !== null && r.centerId !== centerId,
    walkin: r.source === 'walkin',
    arrival: r.arrivedAt ? { at: r.arrivedAt, deskId: r.arrivalDesk ?? '', staffName: r.arrivalStaff } : null,
    outcome: r.outcome,
  };
}

export function hitOf(call: Call, invitationId: string): ReceptionHit {
  const { store } = call.core;
  const r = store.receptionSearch.row(invitationId);
  if (!r) throw new AppError('NOT_FOUND', 'This appointment does not exist (any more).');
  return toHit(r, store.center.id());
}

export const today = (call: Call): string => localDate(call.now());

/**
 * The day's capacity from planning, when planning knows it. Planning owns this number
 * (src/services/planning/day-capacity.ts); until a center has a published plan, the capacity
 * guard stays silent rather than blocking every walk-in.
 */
export type CapacityFn = (store: Store, day: string) => DayCapacity | null;
let capacityFn: CapacityFn = () => null;
export function useDayCapacity(fn: CapacityFn): void {
  capacityFn = fn;
}
export function dayCapacityOf(store: Store, day: string): DayCapacity | null {
  return capacityFn(store, day);
}
