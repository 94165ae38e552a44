/**
 * How far from their slot someone is at the desk. A quarter of an hour either way is the queue's
 * ordinary noise and says nothing; beyond it the receptionist sees the minutes, because a person
 * hours late may mean a mix-up of day or slot.
 */
export const PUNCTUALITY_TOLERANCE_MIN = 15;

export type Punctuality = { kind: 'onTime' } | { kind: 'early' | 'late'; minutes: number };

export function punctuality(startAt: string, at: string | Date, toleranceMin = PUNCTUALITY_TOLERANCE_MIN): Punctuality {
  const diff = Math.round((new Date(at).getTime() - new Date(startAt).getTime()) / 60_000);
  if (Math.abs(diff) <= toleranceMin) return { kind: 'onTime' };
  return { kind: diff > 0 ? 'late' : 'early', minutes: Math.abs(diff) };
}

/** Minutes as hours and minutes, for "2 h 05" style text. */
export function splitMinutes(minutes: number): { h: number; m: number } {
  return { h: Math.floor(minutes / 60), m: minutes % 60 };
}
