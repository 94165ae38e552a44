/**
 * Not a scenario: splits the ingest's distance to the limit (docs/performance.md). The pull's
 * upsert on rows mapped beforehand (no HTTP, JSON, zod or mapping), in transactions of --x batch=k
 * rows (default 5,000, the pull's quiet batch; --x batch=<n> for one transaction).
 *
 *   npx tsx bench/experiments/upsert-only.ts --n 500000 --x batch=5000
 */
import path from 'node:path';
import { createApp } from '../../src/core';
import { upsertInvitation, type IncomingInvitation } from '../../src/services/invitations/upsert';
import { benchRow, NOW_ISO } from '../data';
import { emit, main, nowMs, scratchDir } from '../lib';

main(async ({ n, extra }) => {
  const rows: IncomingInvitation[] = [];
  for (let i = 0; i < n; i++) {
    const b = benchRow(i);
    rows.push({ ...b.invitation, person: { ...b.person, niss: b.person.niss! }, source: 'central' });
  }
  const batch = Number(extra.batch ?? 5000);
  const app = createApp({ dbFile: path.join(scratchDir('upsert-only'), 'vaxdesk.sqlite') });
  const { store } = app.core;
  const t0 = nowMs();
  for (let i = 0; i < n; i += batch) {
    store.tx(() => {
      for (let k = i; k < Math.min(n, i + batch); k++) upsertInvitation(store, rows[k]!, NOW_ISO);
    });
  }
  const ms = nowMs() - t0;
  app.close();
  emit({ scenario: 'upsert-only', n, median_ms: Math.round(ms), rows_per_s: Math.round(n / (ms / 1000)), note: `${batch} rows a transaction, rows mapped beforehand` });
});
