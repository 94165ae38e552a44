import { AppError } from '../../api/errors';
import type { capacityContract } from '../../api/contract/capacity';
import { capacityFor, whatIf, type Scenario } from '../../domain/capacity';
import { daySlots, distribute, type PlannedSlot } from '../../domain/slots';
import { audit } from '../audit-log';
import type { HandlersFor } from '../context';
import { capacityInput, checkRange, notPast, today } from './common';

type CapacityHandlers = Pick<HandlersFor<typeof capacityContract>, 'capacity.view' | 'capacity.whatIf' | 'capacity.publish' | 'capacity.versions'>;

const sameSlots = (a: { day: string; startAt: string; capacity: number }[], b: { day: string; startAt: string; capacity: number }[]) =>
  a.length === b.length && a.every((s, n) => s.day === b[n]!.day && s.startAt === b[n]!.startAt && s.capacity === b[n]!.capacity);

export const capacityHandlers: CapacityHandlers = {
  'capacity.view': (i, call) => {
    checkRange(i.from, i.to);
    const day = today(call);
    return { today: day, days: capacityFor(capacityInput(call.core.store, day, i.from, i.to)) };
  },

  'capacity.whatIf': (i, call) => {
    checkRange(i.from, i.to);
    const { store } = call.core;
    const d = store.deliveries.get(i.deliveryId);
    if (!d) throw new AppError('NOT_FOUND', 'This delivery does not exist.', { field: 'deliveryId' });
    if (d.status !== 'expected') throw new AppError('CONFLICT', `This delivery is already ${d.status}; a what-if is for expected deliveries.`);
    let s: Scenario;
    switch (i.kind) {
      case 'late':
        if (!i.date) throw new AppError('INVALID_INPUT', 'Give the new, later date of the delivery.', { field: 'date' });
        if (i.date <= d.expectedDate) throw new AppError('INVALID_INPUT', `A late delivery arrives after ${d.expectedDate}; choose a later date.`, { field: 'date' });
        s = { deliveryId: d.id, kind: 'late', date: i.date };
        break;
      case 'short':
        if (i.doses === undefined) throw new AppError('INVALID_INPUT', 'Give how many doses will arrive.', { field: 'doses' });
        if (i.doses >= d.expectedDoses) throw new AppError('INVALID_INPUT', `A short delivery brings fewer than the ${d.expectedDoses} doses expected; enter a smaller number.`, { field: 'doses' });
        s = { deliveryId: d.id, kind: 'short', doses: i.doses };
        break;
      case 'cancelled':
        s = { deliveryId: d.id, kind: 'cancelled' };
        break;
    }
    const r = whatIf(capacityInput(store, today(call), i.from, i.to), s);
    return { deliveryId: d.id, ...r };
  },

  'capacity.publish': (i, call) => {
    checkRange(i.from, i.to);
    notPast(call, i.from, 'from', 'The first day to publish');
    const { store } = call.core;
    const day = today(call);
    return store.tx(() => {
      // Computed inside the transaction: a booking or a correction committed a moment ago counts.
      const input = capacityInput(store, day, i.from, i.to);
      const days = capacityFor(input);
      const slots: PlannedSlot[] = [];
      const published: { day: string; published: number }[] = [];
      for (const c of days) {
        const plan = input.plans.get(c.day);
        if (!plan || !c.open) {
          published.push({ day: c.day, published: 0 });
          continue;
        }
        const n = i.roundToVials && c.rounding ? c.rounding.capacity : c.toPublish;
        const mine = distribute(daySlots(plan), n).filter((s) => s.capacity > 0);
        slots.push(...mine);
        published.push({ day: c.day, published: mine.reduce((a, s) => a + s.capacity, 0) });
      }
      const latest = store.capacity.latestVersion();
      const current = latest === null ? [] : store.capacity.slotsInRange(latest, i.from, i.to).map((s) => ({ day: s.date, startAt: s.startAt, capacity: s.capacity }));
      if (latest !== null && sameSlots(current, slots)) return { version: latest, changed: false, days: published };
      if (latest === null && slots.length === 0) return { version: null, changed: false, days: published };
      const version = (latest ?? 0) + 1;
      const at = call.now().toISOString();
      const total = published.reduce((a, d) => a + d.published, 0);
      store.capacity.writeVersion({ version, publishedAt: at, publishedBy: call.me().displayName, fromDay: i.from, toDay: i.to, total }, slots);
      store.outbox.add('capacity.publish', { version }, at);
      audit(call, 'capacity.publish', 'capacityVersion', String(version), { from: i.from, to: i.to, total, roundToVials: i.roundToVials, reason: i.reason ?? null, days: published });
      return { version, changed: true, days: published };
    });
  },

  'capacity.versions': (i, call) => call.core.store.capacity.versions(i.limit),
};
