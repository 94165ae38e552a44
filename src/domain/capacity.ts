import { addDays } from './time';
import { throughput, type DayPlan } from './slots';

/**
 * Dose-bounded capacity (issue 3): for each open day, the doses available for appointments =
 * usable stock by that day − doses booked on earlier days − doses held back for the second
 * appointments of booked first doses (same product, due at the product's planned interval).
 *
 * "Usable stock by that day" is computed lot by lot: earlier days' bookings take the lots that
 * expire first (FEFO, what the desks do), and a lot stops counting on its expiry date. Subtracting
 * earlier bookings from a plain total would count the doses of a lot that expired after serving
 * them twice. A held-back second dose is a booking on its due day: it lowers that day and, once
 * served, every later day. Expected deliveries never enter this figure; they are run through the
 * same computation separately to show what the plan depends on.
 */

export interface ProductFacts {
  code: string;
  dosesPerVial: number;
  dosesInSeries: number;
  plannedIntervalDays: number | null;
}
export interface LotFacts {
  id: string;
  productCode: string;
  /** Brussels date from which the lot is on the shelf. */
  receivedDay: string;
  expiryDate: string;
  /** Doses left now (received − administered − wasted − corrections). */
  balance: number;
}
export interface ExpectedFacts {
  id: string;
  productCode: string;
  date: string;
  doses: number;
}
/** Invitations of one day and product: pending = booked or arrived (a dose still to give), done = given already. */
export interface BookingFacts {
  day: string;
  productCode: string | null;
  booked: number;
  pending: number;
  done: number;
}
/** First doses whose next dose is not booked yet, by the day of the first dose. */
export interface FirstDoseFacts {
  day: string;
  productCode: string | null;
  count: number;
}

export interface CapacityInput {
  today: string;
  from: string;
  to: string;
  plans: ReadonlyMap<string, DayPlan>;
  products: readonly ProductFacts[];
  lots: readonly LotFacts[];
  expected: readonly ExpectedFacts[];
  bookings: readonly BookingFacts[];
  firstDoses: readonly FirstDoseFacts[];
  /** Currently published total per day (latest version); absent = never published. */
  published: ReadonlyMap<string, number>;
}

/**
 * publishedAbove: the latest published figure is above what the doses allow now (stock wasted or
 * corrected, an earlier day booked fuller): central may book people the center cannot vaccinate
 * until it publishes again.
 */
export type DayWarning = 'overBooked' | 'dependsOnExpected' | 'closedWithBookings' | 'publishedAbove';

export interface ProductDay {
  productCode: string;
  booked: number;
  holdBack: number;
  doseBounded: number;
  withExpected: number;
}

export interface VialRounding {
  productCode: string;
  dosesPerVial: number;
  /** The published figure rounded down to whole vials. */
  capacity: number;
  /** Doses of the last opened vial that would otherwise go to waste or the standby list. */
  dosesSaved: number;
}

export interface CapacityDay {
  day: string;
  planned: boolean;
  open: boolean;
  throughput: number;
  doseBounded: number;
  /** The same figure if every expected delivery arrives in full and on time: a risk, not stock. */
  withExpected: number;
  booked: number;
  holdBack: number;
  /** What publishing would offer: the smaller of throughput and dose-bounded capacity. */
  toPublish: number;
  published: number | null;
  /** Booked people who cannot be served even if every expected delivery arrives. */
  peopleToMove: number;
  onHand: number;
  committed: number;
  expectedArriving: number;
  warnings: DayWarning[];
  rounding: VialRounding | null;
  products: ProductDay[];
}

interface Shelf {
  receivedDay: string;
  expiryDate: string;
  left: number;
}

/** Per product and day: what is on the shelf before the day's demand, and what is left for new bookings. */
function simulate(today: string, to: string, shelves: Shelf[], demand: ReadonlyMap<string, number>, holdBack: ReadonlyMap<string, number>) {
  const lots = shelves.map((s) => ({ ...s })).sort((a, b) => (a.expiryDate < b.expiryDate ? -1 : a.expiryDate > b.expiryDate ? 1 : 0));
  const out = new Map<string, { onHand: number; avail: number }>();
  for (let d = today; d <= to; d = addDays(d, 1)) {
    const usable = lots.filter((l) => l.receivedDay <= d && l.expiryDate > d);
    const onHand = usable.reduce((n, l) => n + l.left, 0);
    out.set(d, { onHand, avail: onHand - (holdBack.get(d) ?? 0) });
    // Bookings the shelf cannot serve are people to move, not a debt on later days.
    let need = demand.get(d) ?? 0;
    for (const l of usable) {
      if (need <= 0) break;
      const take = Math.min(l.left, need);
      l.left -= take;
      need -= take;
    }
  }
  return out;
}

const key = (day: string, product: string) => `${day}|${product}`;

export function capacityFor(input: CapacityInput): CapacityDay[] {
  const { today, plans } = input;
  const from = input.from < today ? today : input.from;
  const to = input.to;
  if (to < from) return [];
  const products = new Map(input.products.map((p) => [p.code, p]));
  // A booking without a product is planned on the day's main product; without one it only counts as a person.
  const productOf = (day: string, code: string | null) => code ?? plans.get(day)?.products[0] ?? null;

  const booked = new Map<string, BookingFacts>();
  const perDay = new Map<string, number>();
  for (const b of input.bookings) {
    perDay.set(b.day, (perDay.get(b.day) ?? 0) + b.booked);
    const p = productOf(b.day, b.productCode);
    if (!p) continue;
    const k = key(b.day, p);
    const cur = booked.get(k) ?? { day: b.day, productCode: p, booked: 0, pending: 0, done: 0 };
    booked.set(k, { ...cur, booked: cur.booked + b.booked, pending: cur.pending + b.pending, done: cur.done + b.done });
  }
  const hold = new Map<string, number>();
  for (const f of input.firstDoses) {
    const p = productOf(f.day, f.productCode);
    const prod = p ? products.get(p) : undefined;
    if (!prod || prod.dosesInSeries < 2 || !prod.plannedIntervalDays) continue;
    const due = addDays(f.day, prod.plannedIntervalDays);
    if (due < today) continue;
    hold.set(key(due, prod.code), (hold.get(key(due, prod.code)) ?? 0) + f.count);
  }

  const codes = new Set<string>([...input.lots.map((l) => l.productCode), ...input.expected.map((e) => e.productCode)]);
  for (const k of [...booked.keys(), ...hold.keys()]) codes.add(k.split('|')[1]!);
  const sims = new Map<string, { stock: ReturnType<typeof simulate>; withExp: ReturnType<typeof simulate> }>();
  for (const code of codes) {
    const demand = new Map<string, number>();
    const holdBack = new Map<string, number>();
    for (const b of booked.values()) if (b.productCode === code) demand.set(b.day, (demand.get(b.day) ?? 0) + b.pending);
    for (const [k, n] of hold) {
      const [day, p] = k.split('|') as [string, string];
      if (p !== code) continue;
      holdBack.set(day, n);
      demand.set(day, (demand.get(day) ?? 0) + n);
    }
    const shelves = input.lots.filter((l) => l.productCode === code && l.balance > 0).map((l) => ({ receivedDay: l.receivedDay, expiryDate: l.expiryDate, left: l.balance }));
    const arriving = input.expected.filter((e) => e.productCode === code && e.doses > 0).map((e) => ({ receivedDay: e.date, expiryDate: '9999-12-31', left: e.doses }));
    sims.set(code, { stock: simulate(today, to, shelves, demand, holdBack), withExp: simulate(today, to, [...shelves, ...arriving], demand, holdBack) });
  }

  const days: CapacityDay[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) {
    const plan = plans.get(d);
    const open = plan?.open ?? false;
    const tp = plan ? throughput(plan) : 0;
    const inDay = new Set<string>(plan?.open ? plan.products : []);
    for (const code of codes) if (booked.has(key(d, code)) || hold.has(key(d, code))) inDay.add(code);
    const rows: ProductDay[] = [];
    let onHand = 0;
    let committed = 0;
    for (const code of inDay) {
      const b = booked.get(key(d, code));
      const s = sims.get(code)?.stock.get(d);
      const w = sims.get(code)?.withExp.get(d);
      const hb = hold.get(key(d, code)) ?? 0;
      // Doses given today already left the shelf; they still belong to today's capacity.
      const done = b?.done ?? 0;
      rows.push({ productCode: code, booked: b?.booked ?? 0, holdBack: hb, doseBounded: (s?.avail ?? 0) + done, withExpected: (w?.avail ?? 0) + done });
      onHand += s?.onHand ?? 0;
      committed += (b?.pending ?? 0) + hb;
    }
    const bookedDay = perDay.get(d) ?? 0;
    // A product that is over-committed cannot lend doses to another: clamp per product, then add.
    // A product the day does not use serves the people already booked with it, but opens no new
    // places: otherwise a Comirnaty day with no Comirnaty left would publish the Vaxzevria shelf.
    const used = new Set(plan?.open ? plan.products : []);
    const part = (r: ProductDay, f: 'doseBounded' | 'withExpected') => (used.has(r.productCode) ? Math.max(0, r[f]) : Math.min(Math.max(0, r[f]), r.booked));
    const doseBounded = rows.reduce((n, r) => n + part(r, 'doseBounded'), 0);
    const withExpected = rows.reduce((n, r) => n + part(r, 'withExpected'), 0);
    const toPublish = open ? Math.min(tp, doseBounded) : 0;
    const doseExcessExp = rows.reduce((n, r) => n + Math.max(0, r.booked - Math.max(0, r.withExpected)), 0);
    const doseExcess = rows.reduce((n, r) => n + Math.max(0, r.booked - Math.max(0, r.doseBounded)), 0);
    const peopleToMove = open ? Math.max(doseExcessExp, bookedDay - tp, 0) : bookedDay;
    const warnings: DayWarning[] = [];
    if (!open && bookedDay > 0) warnings.push('closedWithBookings');
    else if (peopleToMove > 0) warnings.push('overBooked');
    else if (doseExcess > 0) warnings.push('dependsOnExpected');
    const published = input.published.get(d) ?? null;
    if (published !== null && published > toPublish) warnings.push('publishedAbove');
    days.push({
      day: d,
      planned: !!plan,
      open,
      throughput: tp,
      doseBounded,
      withExpected,
      booked: bookedDay,
      holdBack: rows.reduce((n, r) => n + r.holdBack, 0),
      toPublish,
      published,
      peopleToMove,
      onHand,
      committed,
      expectedArriving: input.expected.filter((e) => e.date === d).reduce((n, e) => n + e.doses, 0),
      warnings,
      rounding: open ? vialRounding(toPublish, plan!.products.map((c) => products.get(c)).find((p) => p !== undefined)) : null,
      products: rows,
    });
  }
  return days;
}

/**
 * Publishing a figure that is not a whole number of vials leaves the rest of the last opened vial
 * to waste (or to the standby list). Proposed only when rounding down keeps at least one vial.
 */
export function vialRounding(capacity: number, product: ProductFacts | undefined): VialRounding | null {
  if (!product || product.dosesPerVial <= 1) return null;
  const rest = capacity % product.dosesPerVial;
  if (rest === 0 || capacity < product.dosesPerVial) return null;
  return { productCode: product.code, dosesPerVial: product.dosesPerVial, capacity: capacity - rest, dosesSaved: product.dosesPerVial - rest };
}

export type Scenario = { deliveryId: string } & ({ kind: 'late'; date: string } | { kind: 'short'; doses: number } | { kind: 'cancelled' });

export function applyScenario(expected: readonly ExpectedFacts[], s: Scenario): ExpectedFacts[] {
  return expected.flatMap((e) => {
    if (e.id !== s.deliveryId) return [e];
    switch (s.kind) {
      case 'late':
        return [{ ...e, date: s.date }];
      case 'short':
        return [{ ...e, doses: s.doses }];
      case 'cancelled':
        return [];
    }
  });
}

export interface WhatIfDay {
  day: string;
  booked: number;
  capacityBefore: number;
  capacityAfter: number;
  /**
   * The delivery's own product that day: people booked with it and the doses it would have with
   * every expected delivery, before and after. The day's total capacity can stay high on other
   * products while this one runs short, so the total alone does not explain who must move.
   */
  productCode: string | null;
  productBooked: number;
  dosesBefore: number;
  dosesAfter: number;
  peopleToMoveBefore: number;
  peopleToMoveAfter: number;
}

/** Which days a late, short or cancelled expected delivery would over-book, and how many booked people would have to move. */
export function whatIf(input: CapacityInput, s: Scenario): { days: WhatIfDay[]; peopleToMove: number } {
  const before = capacityFor(input);
  const after = capacityFor({ ...input, expected: applyScenario(input.expected, s) });
  const code = input.expected.find((e) => e.id === s.deliveryId)?.productCode ?? null;
  const days: WhatIfDay[] = [];
  for (let i = 0; i < before.length; i++) {
    const b = before[i]!;
    const a = after[i]!;
    if (a.peopleToMove <= b.peopleToMove) continue;
    const bp = b.products.find((p) => p.productCode === code);
    const ap = a.products.find((p) => p.productCode === code);
    days.push({
      day: a.day,
      booked: a.booked,
      capacityBefore: Math.min(b.throughput, b.withExpected),
      capacityAfter: Math.min(a.throughput, a.withExpected),
      productCode: code,
      productBooked: ap?.booked ?? 0,
      dosesBefore: Math.max(0, bp?.withExpected ?? 0),
      dosesAfter: Math.max(0, ap?.withExpected ?? 0),
      peopleToMoveBefore: b.peopleToMove,
      peopleToMoveAfter: a.peopleToMove,
    });
  }
  return { days, peopleToMove: days.reduce((n, d) => n + d.peopleToMoveAfter - d.peopleToMoveBefore, 0) };
}
