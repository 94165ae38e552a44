import type { Store } from '../../db/store';
import type { SlotFacts } from '../../sync/fhir/mappers';
import { useDayCapacity } from '../reception/common';
import { useHourCapacity } from '../reports/capacity';

/**
 * A day's capacity for reception's "day already at capacity" guard: whether the plan opens the
 * day, what the latest published version offers (null = never published), and who is booked.
 */
export function dayCapacity(store: Store, day: string): { open: boolean; published: number | null; booked: number } {
  const plan = store.plans.get(day);
  return { open: plan?.open ?? false, published: store.capacity.publishedTotals(day, day).get(day) ?? null, booked: store.invitations.countForDay(day) };
}

/** Published people per Brussels hour of a day (latest version), for the day report; null when nothing was published for it. */
export function hourCapacity(store: Store, day: string): Record<number, number> | null {
  const v = store.capacity.latestVersion();
  if (v === null) return null;
  const slots = store.capacity.slotsOfDay(v, day);
  if (slots.length === 0) return null;
  const out: Record<number, number> = {};
  for (const s of slots) {
    const h = Number(s.time.slice(0, 2));
    out[h] = (out[h] ?? 0) + s.capacity;
  }
  return out;
}

/** For the sync engine (SyncOptions.capacity): every slot of a published version, as central's Slots are built. */
export function capacitySource(store: Store, version: number): { slots: SlotFacts[] } | null {
  const v = store.capacity.versionSlots(version);
  return v ? { slots: v.slots.map((s) => ({ date: s.date, time: s.time, minutes: s.minutes, capacity: s.capacity })) } : null;
}

/**
 * Reception and reports read planning's figures through hooks they own; a day without any plan
 * stays null so that a center that does not plan in VaxDesk is never blocked by the guard.
 */
export function registerPlanningReaders(): void {
  useDayCapacity((store, day) => (store.plans.get(day) ? dayCapacity(store, day) : null));
  useHourCapacity(hourCapacity);
}
