import type { DayReportResult, WeekDay, WeekReport } from '../../api/contract/reports';
import type { Store } from '../../db/store';
import { dayReport, type DayReport, type ReportFacts } from '../../domain/report';
import { addDays, brusselsInstant, localTime } from '../../domain/time';
import { hourCapacityOf } from './capacity';

const hourOf = (instant: string) => Number(localTime(instant).slice(0, 2));

/** The report's facts from reception's tables and the dose ledger, each instant placed in its Brussels hour. */
export function gatherFacts(store: Store, day: string): { facts: ReportFacts; capacityKnown: boolean } {
  // A Brussels day is 23 or 25 hours long on DST Sundays: bound it by its own midnights.
  const from = brusselsInstant(day, '00:00').toISOString();
  const to = brusselsInstant(addDays(day, 1), '00:00').toISOString();
  const rows = store.reports.facts(day, from, to);
  const capacity = hourCapacityOf(store, day);
  const facts: ReportFacts = {
    date: day,
    // A walk-in's appointment is created when they arrive; it belongs to the hour they came in.
    appointments: rows.appointments.map((a) => ({
      id: a.id,
      hour: hourOf(a.source === 'walkin' && a.arrivedAt ? a.arrivedAt : a.startAt),
      status: a.status,
      walkIn: a.source === 'walkin',
    })),
    arrivals: rows.arrivals.map((a) => {
      const guards = JSON.parse(a.overrides) as string[];
      return {
        invitationId: a.invitationId,
        hour: hourOf(a.at),
        override: guards.length > 0 ? { guard: guards.join('+'), reason: a.overrideReason ?? '' } : null,
        enteredLate: a.enteredLate === 1,
      };
    }),
    outcomes: rows.outcomes.map((o) => ({
      invitationId: o.invitationId,
      hour: hourOf(o.at),
      kind: o.outcome,
      productCode: o.productCode,
      lotNumber: o.lotNumber,
      doseNumber: o.outcome === 'vaccinated' ? o.doseNumber : null,
    })),
    waste: rows.waste,
    capacityByHour: capacity ?? {},
  };
  return { facts, capacityKnown: capacity !== null };
}

export function dayReportOf(store: Store, day: string, now: Date): DayReportResult {
  const { facts, capacityKnown } = gatherFacts(store, day);
  const closure = store.arrivals.closure(day);
  return {
    ...dayReport(facts),
    capacityKnown,
    closed: closure ? { at: closure.closedAt, by: closure.closedByName } : null,
    generatedAt: now.toISOString(),
  };
}

/** Monday of the ISO week of a date. */
export function mondayOf(day: string): string {
  const dow = new Date(`${day}T12:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDays(day, -((dow + 6) % 7));
}

const TOTAL_KEYS = [
  'expected', 'arrived', 'vaccinated', 'refused', 'deferred', 'left', 'noShows', 'walkIns', 'overrides', 'enteredLate', 'wastedDoses', 'capacity',
] as const satisfies readonly (keyof DayReport['totals'])[];

export function weekReportOf(store: Store, day: string, now: Date): WeekReport {
  const from = mondayOf(day);
  const reports = Array.from({ length: 7 }, (_, k) => dayReport(gatherFacts(store, addDays(from, k)).facts));
  const totals = Object.fromEntries(TOTAL_KEYS.map((k) => [k, reports.reduce((s, r) => s + r.totals[k], 0)])) as DayReport['totals'];
  const vacc = new Map<string, DayReport['vaccinations'][number]>();
  for (const r of reports) {
    for (const v of r.vaccinations) {
      const key = `${v.productCode}\u0000${v.lotNumber}\u0000${v.doseNumber}`;
      const x = vacc.get(key) ?? { ...v, count: 0 };
      x.count += v.count;
      vacc.set(key, x);
    }
  }
  const days: WeekDay[] = reports.map((r) => ({ date: r.date, totals: r.totals, hours: r.hours }));
  return {
    from,
    to: addDays(from, 6),
    days,
    totals,
    vaccinations: [...vacc.values()].sort(
      (a, b) => a.productCode.localeCompare(b.productCode) || a.lotNumber.localeCompare(b.lotNumber) || a.doseNumber - b.doseNumber,
    ),
    generatedAt: now.toISOString(),
  };
}
