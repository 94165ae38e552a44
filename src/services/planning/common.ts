import { AppError } from '../../api/errors';
import type { DeliveryView, LotView, ProductView } from '../../api/contract/planning';
import type { DayPlanView } from '../../api/contract/capacity';
import type { Store } from '../../db/store';
import type { Delivery } from '../../db/deliveries';
import type { LotBalance, Product } from '../../db/lots';
import type { StoredDayPlan } from '../../db/plans';
import type { CapacityInput } from '../../domain/capacity';
import { daySlots, throughput } from '../../domain/slots';
import { expiryState, isUsable } from '../../domain/stock';
import { addDays, daysBetween, localDate } from '../../domain/time';
import type { Call } from '../context';

export const MAX_VIEW_DAYS = 120;
/** First doses older than this cannot have a second dose still due (no product waits longer). */
const HOLD_BACK_LOOKBACK_DAYS = 365;

export const today = (call: Call) => localDate(call.now());

export function checkRange(from: string, to: string, maxDays = MAX_VIEW_DAYS): void {
  if (to < from) throw new AppError('INVALID_INPUT', `The end date ${to} is before the start date ${from}; swap them.`, { field: 'to' });
  if (daysBetween(from, to) > maxDays) throw new AppError('INVALID_INPUT', `At most ${maxDays} days at once; choose a shorter period.`, { field: 'to' });
}

export function notPast(call: Call, day: string, field: string, what: string): void {
  if (day < today(call)) throw new AppError('INVALID_INPUT', `${what} ${day} is in the past; choose today or a later date.`, { field });
}

export const productView = (p: Product): ProductView => ({ ...p });

export function mustProduct(store: Store, code: string, field = 'productCode'): Product {
  const p = store.lots.product(code);
  if (!p) throw new AppError('NOT_FOUND', `Unknown product ${code}; choose one from the catalog.`, { field });
  return p;
}

export function lotView(l: LotBalance, day: string): LotView {
  return {
    lotId: l.id,
    productCode: l.productCode,
    lotNumber: l.lotNumber,
    expiryDate: l.expiryDate,
    vials: l.vials,
    dosesPerVial: l.dosesPerVial,
    receivedAt: l.receivedAt,
    receivedBy: l.receivedBy,
    deliveryId: l.deliveryId,
    received: l.received,
    administered: l.administered,
    wasted: l.wasted,
    corrected: l.corrected,
    balance: l.balance,
    expiry: expiryState(l.expiryDate, day),
    usable: l.balance > 0 && isUsable({ expiryDate: l.expiryDate, receivedDay: localDate(l.receivedAt) }, day),
  };
}

export function deliveryView(store: Store, d: Delivery): DeliveryView {
  const lots = store.lots.lotsForDelivery(d.id);
  const receivedDoses = lots.reduce((n, l) => n + l.received, 0);
  const lastDay = lots.reduce((m, l) => (localDate(l.receivedAt) > m ? localDate(l.receivedAt) : m), '');
  return {
    id: d.id,
    productCode: d.productCode,
    expectedDate: d.expectedDate,
    expectedDoses: d.expectedDoses,
    originalDate: d.originalDate,
    originalDoses: d.originalDoses,
    status: d.status,
    short: d.status === 'received' ? receivedDoses < d.originalDoses : d.status === 'expected' && d.expectedDoses < d.originalDoses,
    late: d.status === 'received' ? lastDay > d.originalDate : d.expectedDate > d.originalDate,
    receivedDoses,
    lots: lots.map((l) => ({ lotId: l.id, lotNumber: l.lotNumber, expiryDate: l.expiryDate, doses: l.received })),
    note: d.note,
  };
}

export function planView(day: string, p: StoredDayPlan | undefined): DayPlanView {
  if (!p) {
    return { day, open: false, opensAt: '08:00', closesAt: '20:00', slotMinutes: 15, lanes: 0, perLane: 0, products: [], source: 'none', templateId: null, slots: [], throughput: 0 };
  }
  return {
    day,
    open: p.open,
    opensAt: p.opensAt,
    closesAt: p.closesAt,
    slotMinutes: p.slotMinutes,
    lanes: p.lanes,
    perLane: p.perLane,
    products: p.products,
    source: p.source,
    templateId: p.templateId,
    slots: daySlots(p).map((s) => ({ startAt: s.startAt, endAt: s.endAt, localTime: s.localTime, capacity: s.capacity })),
    throughput: throughput(p),
  };
}

/** Everything the capacity rules need for [from, to], read from the store as of `now`. */
export function capacityInput(store: Store, todayDay: string, from: string, to: string): CapacityInput {
  const centerId = store.center.id();
  const start = from < todayDay ? todayDay : from;
  return {
    today: todayDay,
    from: start,
    to,
    plans: new Map(store.plans.range(todayDay, to).map((p) => [p.day, p])),
    products: store.lots.products(),
    lots: store.lots.balances().map((l) => ({ id: l.id, productCode: l.productCode, receivedDay: localDate(l.receivedAt), expiryDate: l.expiryDate, balance: l.balance })),
    expected: store.deliveries.expected().map((d) => ({ id: d.id, productCode: d.productCode, date: d.expectedDate, doses: d.expectedDoses })),
    bookings: store.capacity.bookings(todayDay, to, centerId),
    firstDoses: store.capacity.firstDoses(addDays(todayDay, -HOLD_BACK_LOOKBACK_DAYS), to, centerId),
    published: store.capacity.publishedTotals(start, to),
  };
}
