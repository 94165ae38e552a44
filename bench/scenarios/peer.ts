/**
 * Scenario 3, peer: the same n invitations written into PouchDB (the offline store behind the
 * Community Health Toolkit) with its leveldb adapter, and into VaxDesk beside it, then searched
 * the same way as scenario 4: by scanned code and national number through Mango indexes, by name
 * prefix through a persisted map/reduce view of the same name tokens VaxDesk indexes.
 *
 * Both sides write in batches of 1,000 (a pull page; PouchDB's bulkDocs) and both get the same
 * query texts, classified by the same pure parser. PouchDB builds its indexes lazily, so its write
 * figure includes the first query of each index, which is when the index is built.
 * ratio = PouchDB's time / VaxDesk's (above 1: VaxDesk is ahead).
 */
import path from 'node:path';
import { createApp } from '../../src/core';
import { upsertInvitation } from '../../src/services/invitations/upsert';
import { parseSearchQuery, cleanQuery, compactCode } from '../../src/domain/search-query';
import { nameTokens } from '../../src/domain/names';
import { addDays } from '../../src/domain/time';
import type { SearchResult } from '../../src/api/contract/reception';
import { benchRow, CENTER, incomingOf, NOW_ISO, TODAY } from '../data';
import { pickQueries } from '../queries';
import { BENCH_PIN, benchClock, emit, latency, main, nowMs, round, scratchDir } from '../lib';

const PouchDB = require('pouchdb') as PouchStatic;
PouchDB.plugin(require('pouchdb-find'));

interface PouchStatic {
  new (name: string): PouchDb;
  plugin(p: unknown): void;
}
interface PouchDb {
  adapter: string;
  bulkDocs(docs: object[]): Promise<{ ok?: boolean; error?: string }[]>;
  put(doc: object): Promise<unknown>;
  createIndex(i: object): Promise<unknown>;
  find(q: object): Promise<{ docs: PeerDoc[] }>;
  query(view: string, opts: object): Promise<{ rows: { id: string; key: string; doc?: PeerDoc }[] }>;
  close(): Promise<void>;
}
interface PeerDoc {
  _id: string;
  code: string;
  niss: string;
  familyName: string;
  givenName: string;
  tokens: string[];
  day: string;
  startAt: string;
  status: string;
}

const BATCH = 1000;
const LIMIT = 30;

/** The same ranking as VaxDesk's: today, then within two days, then nearest, then by time. */
function rank(docs: PeerDoc[]): PeerDoc[] {
  const lo = addDays(TODAY, -2);
  const hi = addDays(TODAY, 2);
  const bucket = (d: PeerDoc) => (d.day === TODAY ? 0 : d.day >= lo && d.day <= hi ? 1 : 2);
  const dist = (d: PeerDoc) => Math.abs(Date.parse(d.day) - Date.parse(TODAY));
  return docs.sort((a, b) => bucket(a) - bucket(b) || dist(a) - dist(b) || a.startAt.localeCompare(b.startAt)).slice(0, LIMIT);
}

async function peerSearch(db: PouchDb, raw: string): Promise<PeerDoc[]> {
  const code = compactCode(cleanQuery(raw));
  if (code) {
    const r = await db.find({ selector: { code }, limit: 1 });
    if (r.docs.length) return r.docs;
  }
  const q = parseSearchQuery(raw);
  if (q.kind === 'niss') return rank((await db.find({ selector: { niss: q.niss } })).docs);
  if (q.kind !== 'name') return [];
  const [first, ...rest] = [...q.words].sort((a, b) => b.length - a.length);
  const r = await db.query('search/tokens', { startkey: first, endkey: `${first}\uffff`, include_docs: true });
  const seen = new Set<string>();
  const docs: PeerDoc[] = [];
  for (const row of r.rows) {
    if (seen.has(row.id) || !row.doc) continue;
    seen.add(row.id);
    if (rest.every((w) => row.doc!.tokens.some((t) => t.startsWith(w)))) docs.push(row.doc);
  }
  return rank(docs);
}

async function timeQueries(queries: { code: string[]; niss: string[]; name: string[] }, run: (q: string) => Promise<number>) {
  const out: Record<string, { p50_ms: number; p99_ms: number }> = {};
  for (const kind of ['code', 'niss', 'name'] as const) {
    const times: number[] = [];
    for (const q of queries[kind]) {
      const t0 = nowMs();
      const hits = await run(q);
      times.push(nowMs() - t0);
      if (hits === 0) throw new Error(`${kind} search "${q}" found nothing`);
    }
    out[kind] = latency(times);
  }
  return out as Record<'code' | 'niss' | 'name', { p50_ms: number; p99_ms: number }>;
}

main(async ({ n, extra }) => {
  const count = Number(extra.count ?? 1000);
  const queries = pickQueries(n, count);
  const warm = pickQueries(n, Math.min(50, count), 99);

  // VaxDesk: the shared upsert the pull and the imports use, one transaction per page.
  const app = createApp({ dataDir: scratchDir('peer-vaxdesk'), clock: benchClock() });
  const setup = await app.dispatch('setup.createFirstCoordinator', { displayName: 'Bench Coordinator', pin: BENCH_PIN }, null);
  if (!setup.ok) throw new Error(setup.error.message);
  const token = (setup.value as { token: string }).token;
  app.core.store.tx(() => app.core.store.settings.put('center', CENTER));
  const { store } = app.core;
  let t0 = nowMs();
  for (let from = 0; from < n; from += BATCH) {
    store.tx(() => {
      for (let i = from; i < Math.min(n, from + BATCH); i++) upsertInvitation(store, incomingOf(benchRow(i)), NOW_ISO);
    });
  }
  const vdWriteMs = nowMs() - t0;
  const vdSearch = async (q: string) => {
    const r = await app.dispatch('invitations.search', { query: q }, token);
    if (!r.ok) throw new Error(`search "${q}": ${r.error.message}`);
    return (r.value as SearchResult).hits.length;
  };
  await timeQueries(warm, vdSearch);
  const vd = await timeQueries(queries, vdSearch);
  app.close();

  // PouchDB: one document per invitation with its person inline, as offline-first health apps store them.
  const pouch = new PouchDB(path.join(scratchDir('peer-pouchdb'), 'invitations'));
  t0 = nowMs();
  for (let from = 0; from < n; from += BATCH) {
    const docs: object[] = [];
    for (let i = from; i < Math.min(n, from + BATCH); i++) {
      const { person: p, invitation: v } = benchRow(i);
      docs.push({ _id: v.id, type: 'invitation', ...v, niss: p.niss, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, phone: p.phone, tokens: nameTokens(p.familyName, p.givenName) });
    }
    const res = await pouch.bulkDocs(docs);
    const bad = res.find((r) => r.error);
    if (bad) throw new Error(`PouchDB bulkDocs: ${bad.error}`);
  }
  await pouch.createIndex({ index: { fields: ['code'] } });
  await pouch.createIndex({ index: { fields: ['niss'] } });
  await pouch.put({ _id: '_design/search', views: { tokens: { map: 'function (doc) { if (doc.tokens) doc.tokens.forEach(function (t) { emit(t); }); }' } } });
  // Indexes are built on first use: part of making the rows searchable.
  await pouch.find({ selector: { code: 'X' } });
  await pouch.find({ selector: { niss: '0' } });
  await pouch.query('search/tokens', { key: 'x', limit: 1 });
  const pdWriteMs = nowMs() - t0;
  const pdSearch = async (q: string) => (await peerSearch(pouch, q)).length;
  await timeQueries(warm, pdSearch);
  const pd = await timeQueries(queries, pdSearch);
  const adapter = pouch.adapter;
  await pouch.close();

  const note = `PouchDB 9 ${adapter} adapter`;
  const vdRate = Math.round(n / (vdWriteMs / 1000));
  const pdRate = Math.round(n / (pdWriteMs / 1000));
  emit({ scenario: 'peer.write.vaxdesk', n, median_ms: round(vdWriteMs, 1), rows_per_s: vdRate, note: 'upsertInvitation, 1,000 per transaction' });
  emit({ scenario: 'peer.write.pouchdb', n, median_ms: round(pdWriteMs, 1), rows_per_s: pdRate, ratio: round(pdWriteMs / vdWriteMs, 2), target: 'ratio > 1', met: pdWriteMs > vdWriteMs, note: `${note}, bulkDocs of 1,000 + index builds` });
  for (const kind of ['code', 'niss', 'name'] as const) {
    emit({ scenario: `peer.search.${kind}.vaxdesk`, n, ...vd[kind], note: 'through the dispatcher' });
    emit({ scenario: `peer.search.${kind}.pouchdb`, n, ...pd[kind], ratio: round(pd[kind].p50_ms / vd[kind].p50_ms, 2), target: 'ratio > 1', met: pd[kind].p50_ms > vd[kind].p50_ms, note: `${note}; ratio of p50s (p99 ratio ${round(pd[kind].p99_ms / vd[kind].p99_ms, 2)})` });
  }
});
