/**
 * Scenario 2, limit: the same rows as the ingest, inserted with one prepared statement per table
 * in one transaction into the same schema and indexes (the real migrations), with every value
 * computed beforehand: no HTTP, no JSON, no validation, no lookups. The bound for the ingest.
 *
 * limit.plain, in the same process on the same rows: the people and invitations alone into two
 * plain tables with their primary keys and the unique NISS and code indexes only (no name
 * tokens, no day index, no triggers), one transaction. What SQLite does here without VaxDesk's
 * search design; limit.plain ÷ limit is what the name index costs the ingest.
 */
import path from 'node:path';
import { openDatabase } from '../../src/db/open';
import type { Db } from '../../src/db/open';
import { nameKey, nameTokens } from '../../src/domain/names';
import { benchRow, NOW_ISO, personIdOf } from '../data';
import { emit, main, nowMs, round, scratchDir } from '../lib';

main(async ({ n }) => {
  const db = openDatabase(path.join(scratchDir('limit'), 'vaxdesk.sqlite'));
  const people: unknown[][] = [];
  const tokens: string[][] = [];
  const invitations: unknown[][] = [];
  for (let i = 0; i < n; i++) {
    const { person: p, invitation: v } = benchRow(i);
    const personId = personIdOf(i);
    people.push([personId, p.niss, p.familyName, p.givenName, p.birthDate, p.phone, NOW_ISO, NOW_ISO]);
    const own = nameTokens(p.familyName, p.givenName);
    const names = nameKey(own);
    for (const t of own) tokens.push([t, personId, names]);
    invitations.push([v.id, v.code, personId, v.centerId, v.day, v.startAt, v.endAt, v.doseNumber, v.productCode, v.status,
      JSON.stringify(v.channels), 'central', v.versionId, v.lastUpdated, NOW_ISO, NOW_ISO]);
  }
  const insPerson = db.prepare(`INSERT INTO people (id, niss, family_name, given_name, birth_date, phone, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insToken = db.prepare(`INSERT OR IGNORE INTO person_tokens (token, person_id, names) VALUES (?, ?, ?)`);
  const insInvitation = db.prepare(`INSERT INTO invitations (id, code, person_id, center_id, day, start_at, end_at, dose_number, product_code, status, channels,
    source, version_id, last_updated, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);

  const t0 = nowMs();
  db.transaction(() => {
    for (const r of people) insPerson.run(r);
    for (const r of tokens) insToken.run(r);
    for (const r of invitations) insInvitation.run(r);
  }).immediate();
  const ms = nowMs() - t0;
  db.close();
  emit({ scenario: 'limit', n, median_ms: round(ms, 1), rows_per_s: Math.round(n / (ms / 1000)), note: 'people + name tokens + invitations, one transaction, synchronous=FULL' });

  const plainMs = plainLimit(openDatabase(path.join(scratchDir('limit-plain'), 'plain.sqlite')), people, invitations);
  emit({
    scenario: 'limit.plain',
    n,
    median_ms: round(plainMs, 1),
    rows_per_s: Math.round(n / (plainMs / 1000)),
    ratio: round(ms / plainMs, 2),
    note: 'people + invitations into two plain tables (primary keys, unique NISS and code), one transaction; ratio = limit.plain ÷ limit (rows/s): the name index and day index cost',
  });
});

/** Times the plain bound; openDatabase only for the same pragmas (WAL, synchronous=FULL) as the app. */
function plainLimit(db: Db, people: unknown[][], invitations: unknown[][]): number {
  db.exec(`
    CREATE TABLE plain_people (id TEXT PRIMARY KEY, niss TEXT UNIQUE, family_name TEXT NOT NULL, given_name TEXT NOT NULL,
      birth_date TEXT, phone TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;
    CREATE TABLE plain_invitations (id TEXT PRIMARY KEY, code TEXT NOT NULL UNIQUE, person_id TEXT NOT NULL, center_id TEXT NOT NULL,
      day TEXT NOT NULL, start_at TEXT NOT NULL, end_at TEXT NOT NULL, dose_number INTEGER NOT NULL, product_code TEXT, status TEXT NOT NULL,
      channels TEXT NOT NULL, source TEXT NOT NULL, version_id TEXT, last_updated TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL) STRICT;
  `);
  const insPerson = db.prepare(`INSERT INTO plain_people VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const insInvitation = db.prepare(`INSERT INTO plain_invitations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const t0 = nowMs();
  db.transaction(() => {
    for (const r of people) insPerson.run(r);
    for (const r of invitations) insInvitation.run(r);
  }).immediate();
  const ms = nowMs() - t0;
  db.close();
  return ms;
}
