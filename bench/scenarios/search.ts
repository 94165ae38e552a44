/**
 * Scenario 4, search: scanned codes, national numbers (typed with or without dots) and name
 * prefixes on the region database, one at a time as a desk asks them: through the dispatcher
 * (session check and zod validation included), then over the desk server's HTTP with a kept-alive
 * connection. Every answer is checked: a search that finds nothing when it should is an error.
 */
import { startServer } from '../../src/server/server';
import type { SearchResult } from '../../src/api/contract/reception';
import { pickQueries } from '../queries';
import { appOnCopy, deskClient, emit, latency, main, nowMs, peakRssMb, receptionistToken } from '../lib';

type Kind = 'code' | 'niss' | 'name';
const TARGET = { dispatch: 2, http: 10 } as const;

main(async ({ n, db, extra }) => {
  if (!db) throw new Error('--db is required');
  const count = Number(extra.count ?? 1000);
  const { app } = appOnCopy(db, 'search');
  const token = await receptionistToken(app);
  const queries = pickQueries(n, count);
  const warm = pickQueries(n, Math.min(100, count), 99);

  const check = (kind: Kind, q: string, r: SearchResult) => {
    if (r.hits.length === 0) throw new Error(`${kind} search "${q}" found nothing`);
  };

  const viaDispatch = async (kind: Kind, q: string) => {
    const r = await app.dispatch('invitations.search', { query: q }, token);
    if (!r.ok) throw new Error(`${kind} search "${q}": ${r.error.code} ${r.error.message}`);
    check(kind, q, r.value as SearchResult);
  };
  const { server, url } = await startServer({ app, port: 0, staticDir: null });
  const client = deskClient(url, token);
  const viaHttp = async (kind: Kind, q: string) => {
    const r = await client.call('invitations.search', { query: q });
    if (r.status !== 200) throw new Error(`${kind} search "${q}" over HTTP: ${r.status} ${r.body.slice(0, 200)}`);
    check(kind, q, (JSON.parse(r.body) as { value: SearchResult }).value);
  };

  for (const [transport, run] of [['dispatch', viaDispatch], ['http', viaHttp]] as const) {
    for (const kind of ['code', 'niss', 'name'] as const) {
      for (const q of warm[kind]) await run(kind, q);
      const times: number[] = [];
      for (const q of queries[kind]) {
        const t0 = nowMs();
        await run(kind, q);
        times.push(nowMs() - t0);
      }
      const l = latency(times);
      emit({ scenario: `search.${kind}.${transport}`, n, ...l, target: `p99 < ${TARGET[transport]} ms`, met: l.p99_ms < TARGET[transport], note: `${count} searches` });
    }
  }
  client.close();
  await server.close();
  app.close();
  emit({ scenario: 'search.memory', n, peak_rss_mb: peakRssMb() });
});
