/**
 * Scenario 6, dashboard: the day's counters (per hour: expected, arrived, vaccinated, to come,
 * no-shows, against capacity) through the dispatcher, on a day of the region database that holds
 * n / 100 appointments (10,000 for the million-row region), a third of them already arrived.
 */
import { TODAY } from '../data';
import { appOnCopy, emit, latency, main, nowMs, receptionistToken } from '../lib';

main(async ({ db, extra }) => {
  if (!db) throw new Error('--db is required');
  const count = Number(extra.count ?? 500);
  const { app } = appOnCopy(db, 'dashboard');
  const token = await receptionistToken(app);
  const expected = app.core.store.invitations.countForDay(TODAY);
  let seen = -1;
  const ask = async () => {
    const r = await app.dispatch('day.counters', { day: TODAY }, token);
    if (!r.ok) throw new Error(`day.counters: ${r.error.code} ${r.error.message}`);
    const v = r.value as { total: { expected?: number } & Record<string, number> };
    seen = v.total.expected ?? -1;
  };
  for (let k = 0; k < 20; k++) await ask();
  const times: number[] = [];
  for (let k = 0; k < count; k++) {
    const t0 = nowMs();
    await ask();
    times.push(nowMs() - t0);
  }
  const l = latency(times);
  emit({ scenario: 'dashboard', n: expected, ...l, target: 'p99 < 20 ms', met: l.p99_ms < 20, note: `${count} reads of day.counters; expected ${seen} (not cancelled ${expected})` });
  app.close();
});
