/**
 * Scenario 5, check-in: durable check-ins (synchronous=FULL, asserted by the database module)
 * through the dispatcher on today's booked appointments of the region database; then the same
 * while a pull of new invitations runs in the same process, against the same database.
 *
 * During the pull, check-ins are issued on a fixed schedule and each is timed from the moment it
 * was due, not from when the event loop got round to it: a desk whose click waits behind a page
 * of the pull is exactly the stall this measures.
 */
import { DAYS, benchRow, TODAY } from '../data';
import { appOnCopy, checkpointsReady, emit, latency, main, nowMs, peakRssMb, receptionistToken } from '../lib';
import { pullAvailability, startPageServer, runPull } from '../pull';
import type { App } from '../../src/core';

const dayIndex = Math.round((Date.parse(TODAY) - Date.parse('2021-04-01')) / 86_400_000);

/** Today's booked appointments nobody has checked in yet, in the region of n rows. */
function bookedToday(n: number, app: App, want: number): string[] {
  const ids: string[] = [];
  for (let i = dayIndex; i < n && ids.length < want; i += DAYS) {
    const inv = benchRow(i).invitation;
    if (inv.status !== 'booked') continue;
    const row = app.core.store.invitations.get(inv.id);
    if (row?.status === 'booked' && !app.core.store.arrivals.arrival(inv.id)) ids.push(inv.id);
  }
  return ids;
}

main(async ({ n, db, extra }) => {
  if (!db) throw new Error('--db is required');
  const count = Number(extra.count ?? 2000);
  const pullRows = Number(extra.pull ?? 500_000);
  const { app } = appOnCopy(db, 'checkin');
  await checkpointsReady(app);
  const token = await receptionistToken(app);
  const ids = bookedToday(n, app, count * 2);
  if (ids.length < 2) throw new Error(`only ${ids.length} appointments to check in today`);
  const alone = ids.slice(0, Math.ceil(ids.length / 2));
  const during = ids.slice(alone.length);

  const checkIn = async (id: string) => {
    const r = await app.dispatch('arrivals.checkIn', { invitationId: id }, token);
    if (!r.ok) throw new Error(`check-in ${id}: ${r.error.code} ${r.error.message}`);
  };

  const times: number[] = [];
  for (const id of alone) {
    const t0 = nowMs();
    await checkIn(id);
    times.push(nowMs() - t0);
  }
  const a = latency(times);
  // The disk's own floor: one tiny durable transaction on the same file system, nothing else.
  const probe = app.core.store.db;
  const floor: number[] = [];
  const stmt = probe.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  for (let k = 0; k < Math.min(200, alone.length); k++) {
    const t = nowMs();
    probe.transaction(() => stmt.run('bench.fsync-probe', String(k))).immediate();
    floor.push(nowMs() - t);
  }
  const f = latency(floor);
  emit({ scenario: 'checkin.fsync-floor', n: floor.length, ...f, note: 'one-row durable commit (WAL, synchronous=FULL) on the same disk: the bound under any check-in' });
  emit({ scenario: 'checkin.alone', n: alone.length, ...a, target: 'p99 < 3 ms', met: a.p99_ms < 3, note: `synchronous=${String(app.core.store.db.pragma('synchronous', { simple: true }))} (2 = FULL)` });

  const why = pullAvailability();
  if (why) {
    emit({ scenario: 'checkin.during-pull', n: 0, skipped: why });
    app.close();
    return;
  }
  // New invitations (rows far beyond the region), so the pull really writes.
  const pages = await startPageServer(2_000_000, pullRows);
  const pace = Number(extra.pace ?? 5);
  const during_times: number[] = [];
  let pulling = true;
  const t0 = nowMs();
  const pull = runPull(app, pages.base).finally(() => {
    pulling = false;
  });
  let k = 0;
  while (pulling && k < during.length) {
    const due = t0 + (k + 1) * pace;
    const wait = due - nowMs();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (!pulling) break;
    await checkIn(during[k]!);
    during_times.push(nowMs() - due);
    k++;
  }
  const pulled = await pull;
  const pullMs = nowMs() - t0;
  pages.stop();
  const d = latency(during_times);
  emit({
    scenario: 'checkin.during-pull',
    n: during_times.length,
    ...d,
    target: 'p99 < 30 ms',
    met: d.p99_ms < 30,
    peak_rss_mb: peakRssMb(),
    note: `one every ${pace} ms during a pull of ${pulled.rows} rows (${(pullMs / 1000).toFixed(1)} s), timed from when each was due`,
  });
  app.close();
});
