import Database from 'better-sqlite3';
import fs from 'node:fs';
import type { Db } from './open';

/**
 * Retention purge. Who: people whose every invitation is on a day before the cut-off, created
 * before it, and with nothing left in the outbox for central (an entry still pending or parked
 * means central has not got it yet: purging would lose it). What: the steps below, run against a
 * temporary table of the chosen person ids.
 *
 * TO EXTEND: a table that holds personal data of people (a column with a name, NISS, phone, birth
 * date or free text about them) adds ONE step here. Prefer scrubbing columns over deleting rows,
 * so reports keep their counts. retention.test.ts fails for any table with a foreign key to
 * people or invitations, or a `niss` column, that is neither covered here nor listed in
 * NO_PERSONAL_DATA.
 */
export interface PurgeStep {
  table: string;
  sql: string;
}

const CHOSEN = `(SELECT person_id FROM temp.retention_purge)`;

export const PERSON_PURGE_STEPS: readonly PurgeStep[] = [
  { table: 'person_tokens', sql: `DELETE FROM person_tokens WHERE person_id IN ${CHOSEN}` },
  // The invitation code is printed on the letter and identifies the person at central.
  { table: 'invitations', sql: `UPDATE invitations SET code = 'purged-' || id WHERE person_id IN ${CHOSEN} AND code NOT LIKE 'purged-%'` },
  { table: 'arrivals', sql: `UPDATE arrivals SET override_reason = NULL, walkin_reason = NULL WHERE person_id IN ${CHOSEN}` },
  { table: 'outcomes', sql: `UPDATE outcomes SET note = NULL WHERE person_id IN ${CHOSEN}` },
  {
    table: 'people',
    sql: `UPDATE people SET niss = NULL, family_name = '', given_name = '', birth_date = NULL, phone = NULL, purged_at = @now, updated_at = @now
          WHERE id IN ${CHOSEN}`,
  },
];

/** Rows not tied to a person id, purged by age. */
export const AGE_PURGE_STEPS: readonly PurgeStep[] = [
  // Answered or removed standby entries; waiting ones are people who still want a dose.
  { table: 'standby', sql: `DELETE FROM standby WHERE status <> 'waiting' AND updated_at < @cutoff` },
  { table: 'file_imports', sql: `UPDATE file_imports SET file_name = 'purged' WHERE created_at < @cutoff AND status <> 'uploading' AND file_name <> 'purged'` },
];

/** Tables that point at people or invitations but hold nothing personal themselves (ids, times, staff). */
export const NO_PERSONAL_DATA: readonly string[] = ['day_closure_noshows', 'late_entries', 'standby_calls'];

const ELIGIBLE = `
  SELECT p.id FROM people p
  WHERE p.purged_at IS NULL
    AND p.created_at < @cutoff
    AND NOT EXISTS (SELECT 1 FROM invitations i WHERE i.person_id = p.id AND i.day >= @cutoffDay)
    AND NOT EXISTS (SELECT 1 FROM invitations i JOIN outbox o ON o.resource_key = 'appointment:' || i.id WHERE i.person_id = p.id)
    AND NOT EXISTS (SELECT 1 FROM outcomes oc JOIN outbox o ON o.resource_key = 'immunization:' || oc.id WHERE oc.person_id = p.id)`;

export interface PurgeCounts {
  people: number;
  rows: Record<string, number>;
}

function prepareChosen(db: Db): void {
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS retention_purge (person_id TEXT PRIMARY KEY) STRICT; DELETE FROM temp.retention_purge;`);
}

function runSteps(db: Db, params: { now: string; cutoff: string }): Record<string, number> {
  const rows: Record<string, number> = {};
  for (const s of [...PERSON_PURGE_STEPS, ...AGE_PURGE_STEPS]) {
    const named = { now: params.now, cutoff: params.cutoff };
    const stmt = db.prepare(s.sql);
    const used = Object.fromEntries(Object.entries(named).filter(([k]) => s.sql.includes(`@${k}`)));
    rows[s.table] = (rows[s.table] ?? 0) + stmt.run(used).changes;
  }
  return rows;
}

export function retentionRepo(db: Db) {
  return {
    /** The people a purge at this cut-off would take; must run inside the purge transaction. */
    choose(cutoff: string, cutoffDay: string): string[] {
      prepareChosen(db);
      db.prepare(`INSERT INTO temp.retention_purge (person_id) ${ELIGIBLE}`).run({ cutoff, cutoffDay });
      return (db.prepare(`SELECT person_id FROM temp.retention_purge ORDER BY person_id`).all() as { person_id: string }[]).map((r) => r.person_id);
    },
    /** Runs every step over the chosen people; inside the same transaction as choose(). */
    purgeChosen(now: string, cutoff: string): Record<string, number> {
      return runSteps(db, { now, cutoff });
    },
    /**
     * After the commit: rebuild the file so no freed page keeps old bytes (secure_delete already
     * zeroes them; VACUUM also drops the free list), then empty the WAL, which still holds the
     * old page images until a TRUNCATE checkpoint.
     */
    compact(): void {
      db.exec('VACUUM');
      db.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}
export type RetentionRepo = ReturnType<typeof retentionRepo>;

/**
 * The same purge applied to a backup file, for the people purged from the live database. Works on
 * a copy with its journal in memory, then replaces the backup: the original is never half-scrubbed.
 */
export function scrubBackupFile(file: string, personIds: readonly string[], now: string, cutoff: string): void {
  const tmp = `${file}.scrub`;
  fs.copyFileSync(file, tmp);
  try {
    const db = new Database(tmp, { fileMustExist: true });
    try {
      db.pragma('journal_mode = MEMORY');
      db.pragma('secure_delete = ON');
      db.pragma('foreign_keys = ON');
      db.transaction(() => {
        prepareChosen(db);
        const ins = db.prepare(`INSERT OR IGNORE INTO temp.retention_purge (person_id) VALUES (?)`);
        for (const id of personIds) ins.run(id);
        runSteps(db, { now, cutoff });
      })();
      db.exec('VACUUM');
    } finally {
      db.close();
    }
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}
