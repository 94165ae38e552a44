import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS, LATEST_VERSION } from './migrations';

export type Db = Database.Database;

export class DatabaseTooNewError extends Error {
  constructor(readonly found: number, readonly supported: number) {
    super(
      `This data folder was written by a newer VaxDesk (database version ${found}; this VaxDesk knows up to ${supported}). ` +
        'Install the newer VaxDesk again, or restore a backup made by this version.',
    );
    this.name = 'DatabaseTooNewError';
  }
}

export interface OpenOptions {
  readonly?: boolean;
  /** Skip migrations (tests that migrate step by step). */
  migrate?: boolean;
}

export const DB_FILE = 'vaxdesk.sqlite';

export function dbPath(dataDir: string): string {
  return path.join(dataDir, DB_FILE);
}

/**
 * Opens the center's database with the settings every connection must have.
 * synchronous=FULL is re-applied and asserted on every open: better-sqlite3 reopens a WAL file at
 * its compile-time default (NORMAL), and NORMAL can lose the last acknowledged check-ins on power loss.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Db {
  if (!opts.readonly) fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  try {
    if (!opts.readonly && !db.memory) ownerOnly(file);
    applyPragmas(db, opts.readonly ?? false);
    if (opts.migrate !== false && !opts.readonly) migrate(db);
    else assertNotTooNew(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * The file and its companions owner-only. Set before the first write: SQLite gives a new -wal,
 * -shm or -journal the mode of the database file, so they are created 0600 from then on.
 */
function ownerOnly(file: string): void {
  for (const s of ['', '-wal', '-shm', '-journal']) {
    try {
      if ((fs.statSync(file + s).mode & 0o777) !== 0o600) fs.chmodSync(file + s, 0o600);
    } catch {
      // Absent companion, or a read-only folder (reported by the start-up check).
    }
  }
}

/** Bytes a WAL file keeps on disk once it starts over. */
export const WAL_SIZE_LIMIT = 64 * 1024 * 1024;

export function applyPragmas(db: Db, readonly: boolean): void {
  if (!readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const sync = db.pragma('synchronous', { simple: true });
    if (sync !== 2) throw new Error(`synchronous is ${String(sync)}, expected FULL (2)`);
    // A WAL that grew during a large pull is cut back to this when it starts over (checkpointer.ts).
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT}`);
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Personal data that is deleted must not linger in free pages (retention purge).
  db.pragma('secure_delete = ON');
  db.pragma('temp_store = MEMORY');
}

export function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function assertNotTooNew(db: Db): void {
  const v = userVersion(db);
  if (v > LATEST_VERSION) throw new DatabaseTooNewError(v, LATEST_VERSION);
}

/** Applies each pending migration in its own transaction, so a failure leaves the last good version. */
export function migrate(db: Db, upTo: number = LATEST_VERSION): void {
  assertNotTooNew(db);
  for (const m of MIGRATIONS) {
    if (m.version > upTo) break;
    if (m.version <= userVersion(db)) continue;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
}
