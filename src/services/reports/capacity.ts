import type { Store } from '../../db/store';

/**
 * Published capacity per Brussels hour (people), for the report's "against capacity" bars.
 * Planning owns that number; it registers its reader here (as it does for reception's day
 * capacity). Until it does, or for a day without a published plan, the report says so instead of
 * drawing a capacity of zero as if the center had been closed.
 */
export type HourCapacityFn = (store: Store, day: string) => Record<number, number> | null;
let hourCapacity: HourCapacityFn = () => null;

export function useHourCapacity(fn: HourCapacityFn): void {
  hourCapacity = fn;
}

export function hourCapacityOf(store: Store, day: string): Record<number, number> | null {
  return hourCapacity(store, day);
}
