/**
 * Doses left in opened vials. Vials of a lot are used one after another, so after d doses taken
 * from vials of v doses, the vial in use was opened by dose number floor((d-1)/v)*v + 1, and it
 * holds v - (d mod v) more (none when d is a multiple of v). An opened vial is usable for a
 * product-specific number of hours after its first dose; after that its doses are lost.
 */
export interface LeftoverInput {
  dosesPerVial: number;
  openVialHours: number;
  /** Instants of the doses taken from this lot today, in order (administered and wasted). */
  doseTimes: readonly string[];
  /** Doses still in stock for the lot; the open vial cannot hold more than that. */
  balance: number;
}

export interface Leftover {
  openedVials: number;
  dosesLeft: number;
  openedAt: string | null;
  usableUntil: string | null;
  expired: boolean;
}

export function leftoverInOpenVial(i: LeftoverInput, now: Date): Leftover {
  const d = i.doseTimes.length;
  const v = i.dosesPerVial;
  if (d === 0) return { openedVials: 0, dosesLeft: 0, openedAt: null, usableUntil: null, expired: false };
  const openedVials = Math.ceil(d / v);
  const inVial = d % v;
  const left = inVial === 0 ? 0 : Math.min(v - inVial, Math.max(0, i.balance));
  const openedAt = i.doseTimes[(openedVials - 1) * v]!;
  const until = new Date(Date.parse(openedAt) + i.openVialHours * 3_600_000);
  return {
    openedVials,
    dosesLeft: left,
    openedAt,
    usableUntil: until.toISOString(),
    expired: now.getTime() >= until.getTime(),
  };
}
