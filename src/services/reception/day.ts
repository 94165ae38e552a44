import { AppError } from '../../api/errors';
import type { DayCountersResult, LeftoverRow, ReceptionHit } from '../../api/contract/reception';
import { dayCounters } from '../../domain/day-counters';
import { leftoverInOpenVial } from '../../domain/leftover';
import { addDays, brusselsInstant } from '../../domain/time';
import type { Call } from '../context';
import { audit } from '../audit-log';
import { dayCapacityOf, toHit, today } from './common';

export type DayFilter = 'all' | 'toCome' | 'arrived' | 'vaccinated' | 'noshow' | 'cancelled' | 'walkin';
export type DaySort = 'time' | 'name' | 'status';

const keep: Record<DayFilter, (h: ReceptionHit) => boolean> = {
  all: () => true,
  toCome: (h) => h.status === 'booked' && !h.arrival,
  arrived: (h) => h.arrival !== null,
  vaccinated: (h) => h.outcome === 'vaccinated',
  noshow: (h) => h.status === 'noshow',
  cancelled: (h) => h.status === 'cancelled',
  walkin: (h) => h.walkin,
};
const STATUS_ORDER = { booked: 0, arrived: 1, fulfilled: 2, noshow: 3, cancelled: 4 } as const;
const byName = (a: ReceptionHit, b: ReceptionHit) =>
  a.familyName.localeCompare(b.familyName, 'nl') || a.givenName.localeCompare(b.givenName, 'nl') || a.startAt.localeCompare(b.startAt);

export function dayList(call: Call, day: string | undefined, filter: DayFilter, sort: DaySort) {
  const { store } = call.core;
  const d = day ?? today(call);
  const centerId = store.center.id();
  const rows = store.receptionSearch
    .day(d)
    .map((r) => toHit(r, centerId))
    .filter(keep[filter]);
  if (sort === 'name') rows.sort(byName);
  else if (sort === 'status') rows.sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.startAt.localeCompare(b.startAt));
  return { day: d, rows };
}

export function counters(call: Call, day: string | undefined): DayCountersResult {
  const { store } = call.core;
  const d = day ?? today(call);
  const rows = store.receptionSearch.dayCounts(d).map((r) => ({
    startAt: r.arrivedAt && r.source === 'walkin' ? r.arrivedAt : r.startAt,
    status: r.status,
    arrived: r.arrivedAt !== null,
    vaccinated: r.outcome === 'vaccinated',
  }));
  const c = dayCounters(rows);
  const closure = store.arrivals.closure(d);
  return { day: d, ...c, capacity: dayCapacityOf(store, d), closed: closure ? { at: closure.closedAt, by: closure.closedByName } : null };
}

export function closeDay(call: Call, day: string | undefined) {
  const { store } = call.core;
  const d = day ?? today(call);
  if (d > today(call)) throw new AppError('CONFLICT', 'A day can only be closed once it has started.', { day: d });
  const me = call.me();
  const at = call.now().toISOString();
  const ids = store.tx(() => {
    if (store.arrivals.closure(d)) throw new AppError('CONFLICT', 'This day is already closed.', { day: d });
    const noshows = store.arrivals.close(d, store.center.id() ?? 'local', at, me.staffId, me.displayName);
    for (const invitationId of noshows) store.outbox.add('appointment.status', { invitationId, status: 'noshow', at }, at);
    audit(call, 'day.close', 'day', d, { noshows: noshows.length });
    return noshows;
  });
  return { day: d, noshows: ids.length };
}

/**
 * Closing is reversible until the next day opens: once anyone has been checked in on a later
 * day, the center has moved on and yesterday's no-shows have been reported and acted upon.
 */
export function reopenDay(call: Call, day: string | undefined, reason: string) {
  const { store } = call.core;
  const d = day ?? today(call);
  const at = call.now().toISOString();
  const ids = store.tx(() => {
    if (!store.arrivals.closure(d)) throw new AppError('NOT_FOUND', 'This day is not closed.', { day: d });
    if (today(call) > d && store.arrivals.arrivedAfter(d) > 0) {
      throw new AppError('CONFLICT', 'The next day has already opened; this day can no longer be reopened.', { day: d });
    }
    const restored = store.arrivals.reopen(d, at);
    for (const invitationId of restored) store.outbox.add('appointment.status', { invitationId, status: 'booked', at }, at);
    audit(call, 'day.reopen', 'day', d, { restored: restored.length, reason });
    return restored;
  });
  return { day: d, restored: ids.length };
}

export function leftover(call: Call, day: string | undefined): LeftoverRow[] {
  const { store } = call.core;
  const d = day ?? today(call);
  const from = brusselsInstant(d, '00:00').toISOString();
  const to = brusselsInstant(addDays(d, 1), '00:00').toISOString();
  const times = new Map<string, string[]>();
  for (const e of store.arrivals.doseTimes(from, to)) {
    let list = times.get(e.lotId);
    if (!list) times.set(e.lotId, (list = []));
    for (let k = 0; k < e.doses; k++) list.push(e.at);
  }
  const out: LeftoverRow[] = [];
  const now = call.now();
  for (const [lotId, doseTimes] of times) {
    const lot = store.lots.balance(lotId);
    if (!lot) continue;
    const product = store.lots.product(lot.productCode);
    if (!product) continue;
    const l = leftoverInOpenVial({ dosesPerVial: lot.dosesPerVial, openVialHours: product.openVialHours, doseTimes, balance: lot.balance }, now);
    out.push({ productCode: product.code, productName: product.name, lotId, lotNumber: lot.lotNumber, ...l, stock: lot.balance });
  }
  return out.sort((a, b) => a.productName.localeCompare(b.productName) || a.lotNumber.localeCompare(b.lotNumber));
}
