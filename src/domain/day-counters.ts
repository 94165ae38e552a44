import { localTime } from './time';

export interface DayRow {
  startAt: string;
  status: 'booked' | 'cancelled' | 'arrived' | 'fulfilled' | 'noshow';
  arrived: boolean;
  vaccinated: boolean;
}

export interface Counts {
  expected: number;
  arrived: number;
  vaccinated: number;
  stillToCome: number;
  noshows: number;
}

export interface HourCounts extends Counts {
  /** Brussels hour, 'HH:00'. */
  hour: string;
}

const zero = (): Counts => ({ expected: 0, arrived: 0, vaccinated: 0, stillToCome: 0, noshows: 0 });

/**
 * Counters per appointment hour (Brussels time). Cancelled appointments are not expected; a walk-in
 * counts as expected and arrived in the hour it came; 'still to come' is booked and not arrived.
 */
export function dayCounters(rows: readonly DayRow[]): { total: Counts; hours: HourCounts[] } {
  const total = zero();
  const byHour = new Map<string, Counts>();
  // A day has a few dozen distinct start times for thousands of appointments.
  const hourOf = new Map<string, string>();
  for (const r of rows) {
    if (r.status === 'cancelled' && !r.arrived) continue;
    let hour = hourOf.get(r.startAt);
    if (hour === undefined) hourOf.set(r.startAt, (hour = `${localTime(r.startAt).slice(0, 2)}:00`));
    let h = byHour.get(hour);
    if (!h) byHour.set(hour, (h = zero()));
    for (const c of [h, total]) {
      c.expected++;
      if (r.arrived) c.arrived++;
      if (r.vaccinated) c.vaccinated++;
      if (!r.arrived && r.status === 'booked') c.stillToCome++;
      if (r.status === 'noshow') c.noshows++;
    }
  }
  const hours = [...byHour.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([hour, c]) => ({ hour, ...c }));
  return { total, hours };
}
