/**
 * The figures of a day report, computed from plain facts so that they can be checked by hand.
 * The service gathers the facts from the database; this file only counts.
 */
export type OutcomeKind = 'vaccinated' | 'refused' | 'deferred' | 'left';

export interface ReportFacts {
  date: string;
  /** Every appointment of the day that was not cancelled, walk-ins included. hour = Brussels hour of its start. */
  appointments: { id: string; hour: number; status: 'booked' | 'arrived' | 'fulfilled' | 'noshow'; walkIn: boolean }[];
  arrivals: { invitationId: string; hour: number; override: { guard: string; reason: string } | null; enteredLate: boolean }[];
  outcomes: { invitationId: string; hour: number; kind: OutcomeKind; productCode: string | null; lotNumber: string | null; doseNumber: number | null }[];
  waste: { productCode: string; lotNumber: string; doses: number }[];
  /** Published capacity per Brussels hour (people). */
  capacityByHour: Record<number, number>;
}

export interface HourFigures {
  hour: number;
  capacity: number;
  expected: number;
  arrived: number;
  vaccinated: number;
  noShows: number;
}

export interface DayReport {
  date: string;
  totals: {
    expected: number;
    arrived: number;
    vaccinated: number;
    refused: number;
    deferred: number;
    left: number;
    noShows: number;
    walkIns: number;
    overrides: number;
    enteredLate: number;
    wastedDoses: number;
    capacity: number;
  };
  vaccinations: { productCode: string; lotNumber: string; doseNumber: number; count: number }[];
  overrides: { guard: string; reason: string; count: number }[];
  waste: { productCode: string; lotNumber: string; doses: number }[];
  hours: HourFigures[];
}

function bump<K>(m: Map<K, number>, k: K, by = 1) {
  m.set(k, (m.get(k) ?? 0) + by);
}

export function dayReport(f: ReportFacts): DayReport {
  const hours = new Map<number, HourFigures>();
  const hour = (h: number) => {
    let x = hours.get(h);
    if (!x) hours.set(h, (x = { hour: h, capacity: f.capacityByHour[h] ?? 0, expected: 0, arrived: 0, vaccinated: 0, noShows: 0 }));
    return x;
  };
  for (const h of Object.keys(f.capacityByHour)) hour(Number(h));

  let noShows = 0;
  let walkIns = 0;
  let expected = 0;
  for (const a of f.appointments) {
    if (a.walkIn) walkIns++;
    else {
      expected++;
      hour(a.hour).expected++;
    }
    if (a.status === 'noshow') {
      noShows++;
      hour(a.hour).noShows++;
    }
  }

  const overrides = new Map<string, { guard: string; reason: string; count: number }>();
  let enteredLate = 0;
  for (const a of f.arrivals) {
    hour(a.hour).arrived++;
    if (a.enteredLate) enteredLate++;
    if (a.override) {
      const key = `${a.override.guard}\u0000${a.override.reason}`;
      const o = overrides.get(key) ?? { ...a.override, count: 0 };
      o.count++;
      overrides.set(key, o);
    }
  }

  const byKind = new Map<OutcomeKind, number>();
  const vacc = new Map<string, { productCode: string; lotNumber: string; doseNumber: number; count: number }>();
  for (const o of f.outcomes) {
    bump(byKind, o.kind);
    if (o.kind !== 'vaccinated') continue;
    hour(o.hour).vaccinated++;
    const productCode = o.productCode ?? '?';
    const lotNumber = o.lotNumber ?? '?';
    const doseNumber = o.doseNumber ?? 0;
    const key = `${productCode}\u0000${lotNumber}\u0000${doseNumber}`;
    const v = vacc.get(key) ?? { productCode, lotNumber, doseNumber, count: 0 };
    v.count++;
    vacc.set(key, v);
  }

  const waste = new Map<string, { productCode: string; lotNumber: string; doses: number }>();
  for (const w of f.waste) {
    const key = `${w.productCode}\u0000${w.lotNumber}`;
    const x = waste.get(key) ?? { productCode: w.productCode, lotNumber: w.lotNumber, doses: 0 };
    x.doses += w.doses;
    waste.set(key, x);
  }
  const wasteList = [...waste.values()].sort((a, b) => a.productCode.localeCompare(b.productCode) || a.lotNumber.localeCompare(b.lotNumber));

  const hourList = [...hours.values()].sort((a, b) => a.hour - b.hour);
  return {
    date: f.date,
    totals: {
      expected,
      arrived: f.arrivals.length,
      vaccinated: byKind.get('vaccinated') ?? 0,
      refused: byKind.get('refused') ?? 0,
      deferred: byKind.get('deferred') ?? 0,
      left: byKind.get('left') ?? 0,
      noShows,
      walkIns,
      overrides: f.arrivals.filter((a) => a.override).length,
      enteredLate,
      wastedDoses: wasteList.reduce((s, w) => s + w.doses, 0),
      capacity: hourList.reduce((s, h) => s + h.capacity, 0),
    },
    vaccinations: [...vacc.values()].sort(
      (a, b) => a.productCode.localeCompare(b.productCode) || a.lotNumber.localeCompare(b.lotNumber) || a.doseNumber - b.doseNumber,
    ),
    overrides: [...overrides.values()].sort((a, b) => b.count - a.count || a.guard.localeCompare(b.guard)),
    waste: wasteList,
    hours: hourList,
  };
}
