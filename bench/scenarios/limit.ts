/**
 * Scenario 2, limit: the same rows as the ingest, inserted with one prepared statement per table
 * in one transaction into the same schema and indexes (the real migrations), with every value
 * computed beforehand: no HTTP, no JSON, no validation, no lookups. The bound for the ingest.
 */
import path from 'node:path';
import { openDatabase } from '../../src/db/open';
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
});
