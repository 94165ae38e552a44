/**
 * Not a scenario: could a cheaper name index than person_tokens keep the name search's p99 under
 * 2 ms on a million people (docs/performance.md, "The limit, honestly")? The same n people, in
 * one transaction each (as `limit` writes them), into three indexes on their own files:
 *
 *   tokens   VaxDesk's person_tokens (token, person_id, names key; primary key + person index)
 *   fts5     FTS5 over the folded name key, unicode61, prefix='2 3 4 5 6' (the prefixes typed)
 *   trigram  FTS5 with the trigram tokenizer over the same key
 *
 * then the search scenario's 1,000 name queries (5-9 letters of the family name, 80 % with 2-4 of
 * the given name): the people whose names start with every word, up to 31 (a screenful) and up
 * to 2,000 (what a ranking by day has to read for a common prefix). Person lookup only: the real
 * search still has to find those people's invitations by day, so these are lower bounds for it.
 *
 *   nice -n 19 npx tsx bench/experiments/fts-names.ts --n 1000000
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../../src/db/open';
import { nameKey, nameTokens, queryWords } from '../../src/domain/names';
import { benchRow, personIdOf } from '../data';
import { pickQueries } from '../queries';
import { emit, latency, main, nowMs, round, scratchDir } from '../lib';

type Variant = 'tokens' | 'fts5' | 'trigram';

const SCHEMA: Record<Variant, string> = {
  tokens: `CREATE TABLE person_tokens (token TEXT NOT NULL, person_id TEXT NOT NULL, names TEXT NOT NULL, PRIMARY KEY (token, person_id)) STRICT, WITHOUT ROWID;
           CREATE INDEX person_tokens_person ON person_tokens (person_id);`,
  fts5: `CREATE VIRTUAL TABLE name_index USING fts5(person_id UNINDEXED, names, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4 5 6');`,
  trigram: `CREATE VIRTUAL TABLE name_index USING fts5(person_id UNINDEXED, names, tokenize = 'trigram');`,
};

/** A word as an FTS5 string (doubled quotes), which a prefix star may follow. */
const quoted = (w: string) => `"${w.replace(/"/g, '""')}"`;

function searcher(db: Db, v: Variant, limit: number): (words: string[]) => number {
  if (v === 'tokens') {
    // The drive as VaxDesk's search does it: a range of the first word, the others in the key.
    const one = db.prepare(`SELECT DISTINCT person_id FROM person_tokens WHERE token >= ? AND token < ? LIMIT ${limit}`).pluck();
    const two = db.prepare(`SELECT DISTINCT person_id FROM person_tokens WHERE token >= ? AND token < ? AND instr(names, ' ' || ?) > 0 LIMIT ${limit}`).pluck();
    return (w) => {
      const end = w[0]! + '\uffff';
      return (w.length > 1 ? two.all(w[0], end, w[1]) : one.all(w[0], end)).length;
    };
  }
  if (v === 'fts5') {
    const q = db.prepare(`SELECT person_id FROM name_index WHERE name_index MATCH ? LIMIT ${limit}`).pluck();
    return (w) => q.all(w.map((x) => `${quoted(x)} *`).join(' AND ')).length;
  }
  // Trigram matches substrings of three letters or more; a word of two is checked on the row. The
  // key's leading space makes a word's start a substring: ' joz'.
  const q3 = db.prepare(`SELECT person_id FROM name_index WHERE name_index MATCH ? LIMIT ${limit}`).pluck();
  const q2 = db.prepare(`SELECT person_id FROM name_index WHERE name_index MATCH ? AND instr(names, ?) > 0 LIMIT ${limit}`).pluck();
  return (w) => {
    const long = w.filter((x) => x.length >= 2);
    const three = long.filter((x) => x.length >= 3);
    const match = three.map((x) => quoted(` ${x}`)).join(' AND ');
    const short = long.find((x) => x.length < 3);
    return (short ? q2.all(match, ` ${short}`) : q3.all(match)).length;
  };
}

main(async ({ n, extra }) => {
  const count = Number(extra.count ?? 1000);
  const rows: { id: string; tokens: string[]; key: string }[] = [];
  for (let i = 0; i < n; i++) {
    const p = benchRow(i).person;
    const tokens = nameTokens(p.familyName, p.givenName);
    rows.push({ id: personIdOf(i), tokens, key: nameKey(tokens) });
  }
  const queries = pickQueries(n, count).name.map(queryWords);
  const warm = pickQueries(n, 100, 99).name.map(queryWords);

  for (const v of ['tokens', 'fts5', 'trigram'] as const) {
    const file = path.join(scratchDir(`fts-${v}`), 'names.sqlite');
    // A bare file with the app's durability pragmas (openDatabase would add VaxDesk's whole schema).
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(SCHEMA[v]);
    const ins =
      v === 'tokens' ? db.prepare(`INSERT OR IGNORE INTO person_tokens (token, person_id, names) VALUES (?, ?, ?)`) : db.prepare(`INSERT INTO name_index (person_id, names) VALUES (?, ?)`);
    const t0 = nowMs();
    db.transaction(() => {
      for (const r of rows) {
        if (v === 'tokens') for (const t of r.tokens) ins.run(t, r.id, r.key);
        else ins.run(r.id, r.key);
      }
    }).immediate();
    const ms = nowMs() - t0;
    const pages = db.pragma('page_count', { simple: true }) as number;
    emit({ scenario: `fts.${v}.insert`, n, median_ms: round(ms, 1), rows_per_s: Math.round(n / (ms / 1000)), note: `one transaction; file ${Math.round((pages * 4096) / 1e6)} MB` });

    for (const limit of [31, 2000]) {
      const search = searcher(db, v, limit);
      for (const w of warm) search(w);
      const times: number[] = [];
      let empty = 0;
      let found = 0;
      for (const w of queries) {
        const s = nowMs();
        const k = search(w);
        times.push(nowMs() - s);
        if (k === 0) empty++;
        found += k;
      }
      emit({ scenario: `fts.${v}.search.${limit}`, n, ...latency(times), target: 'p99 < 2 ms', note: `${count} name queries, up to ${limit} people each; ${empty} found nobody, ${Math.round(found / count)} people on average` });
    }
    db.close();
  }
});
