/**
 * Scenario 1, ingest: n invitations served as FHIR searchset pages over loopback HTTP by the static
 * page server (pages rendered beforehand, in another process) into an empty database through the
 * real sync pull: fetch, parse, validate, map, upsert, cursor. Then the same pull again with
 * nothing changed (the full resync of the window): every version is already stored.
 */
import { createApp, startBackgroundCheckpoints } from '../../src/core';
import { CENTER } from '../data';
import { BENCH_PIN, benchClock, checkpointsReady, emit, main, nowMs, peakRssMb, round, scratchDir } from '../lib';
import { pullAvailability, runPull, startPageServer } from '../pull';
import { PAGE_SIZE } from '../pages';

main(async ({ n }) => {
  const why = pullAvailability();
  if (why) {
    emit({ scenario: 'ingest.first', n, skipped: why });
    emit({ scenario: 'ingest.repull', n, skipped: why });
    return;
  }
  const pages = await startPageServer(0, n);
  const app = createApp({ dataDir: scratchDir('ingest'), clock: benchClock() });
  startBackgroundCheckpoints(app);
  await checkpointsReady(app);
  const setup = await app.dispatch('setup.createFirstCoordinator', { displayName: 'Bench Coordinator', pin: BENCH_PIN }, null);
  if (!setup.ok) throw new Error(setup.error.message);
  app.core.store.tx(() => app.core.store.settings.put('center', CENTER));

  let t0 = nowMs();
  const first = await runPull(app, pages.base);
  const firstMs = nowMs() - t0;
  const stored = app.core.store.invitations.count();
  if (first.rows !== n || stored !== n) throw new Error(`pulled ${first.rows} rows, stored ${stored}, expected ${n}`);
  const rss = peakRssMb();

  t0 = nowMs();
  const again = await runPull(app, pages.base);
  const againMs = nowMs() - t0;
  if (again.rows !== n || app.core.store.invitations.count() !== n) throw new Error(`re-pull saw ${again.rows} rows; ${app.core.store.invitations.count()} stored`);
  pages.stop();
  app.close();

  emit({ scenario: 'ingest.first', n, median_ms: round(firstMs, 1), rows_per_s: Math.round(n / (firstMs / 1000)), peak_rss_mb: rss, note: `${pages.pages} pages of up to ${PAGE_SIZE} over loopback HTTP` });
  emit({ scenario: 'ingest.repull', n, median_ms: round(againMs, 1), rows_per_s: Math.round(n / (againMs / 1000)), ratio: round(firstMs / againMs, 2), target: 'ratio >= 2 (first pull time / re-pull time)', note: 'nothing changed: every version skipped' });
});
