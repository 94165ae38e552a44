import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { checkDatabaseFile, looksLikeSqlite } from './backup';
import { openDatabase, type Db } from './open';
import { startDbThread } from './db-thread';

/**
 * What the database file looks like before VaxDesk opens it.
 * - absent: no file at all (a new data folder, or a deleted file: the service tells them apart by the backups);
 * - not-sqlite: a file that is not an SQLite database (overwritten, truncated to nothing, half copied);
 * - corrupt: an SQLite file whose integrity_check or quick_check fails;
 * - ok.
 */
export type FileState = 'ok' | 'absent' | 'not-sqlite' | 'corrupt';

export interface FileCheck {
  state: FileState;
  problems: string[];
}

export function checkDatabase(file: string): FileCheck {
  if (!fs.existsSync(file)) return { state: 'absent', problems: [] };
  if (!looksLikeSqlite(file)) {
    const size = fs.statSync(file).size;
    return { state: 'not-sqlite', problems: [size === 0 ? 'the file is empty' : 'the file does not start with the SQLite header'] };
  }
  const c = checkDatabaseFile(file, 'quick');
  return c.ok ? { state: 'ok', problems: [] } : { state: 'corrupt', problems: c.problems };
}

/**
 * A connection for a database that cannot be trusted: the damaged file itself, read-only, when
 * SQLite can still read its schema (so people can be looked up while someone restores), else an
 * empty in-memory database that refuses every write. Either way every write fails with
 * SQLITE_READONLY, which the dispatcher turns into READ_ONLY: nothing is written to a damaged file
 * and nothing is "saved" where it would be lost.
 */
export function openDegraded(file: string, state: FileState): { db: Db; viewable: boolean } {
  if (state === 'corrupt') {
    try {
      const db = openDatabase(file, { readonly: true });
      try {
        db.prepare('SELECT count(*) FROM staff').get();
        db.pragma('query_only = ON');
        return { db, viewable: true };
      } catch {
        db.close();
      }
    } catch {
      // Not even readable: fall through to the empty placeholder.
    }
  }
  const db = openDatabase(':memory:');
  db.pragma('query_only = ON');
  return { db, viewable: false };
}

// Runs in a worker thread with its own read-only connection (see startDbThread).
const QUICK_CHECK = String((Database: new (f: string, o: object) => Db, data: { file: string }, post: (m: unknown) => void) => {
  let db: Db | null = null;
  try {
    db = new Database(data.file, { readonly: true, fileMustExist: true });
    const rows = db.pragma('quick_check(20)') as Record<string, string>[];
    post({ problems: rows.map((r) => Object.values(r)[0]!).filter((v) => v !== 'ok') });
  } catch (e) {
    post({ problems: [String((e as Error).message ?? e)], failed: (e as { code?: string }).code ?? null });
  } finally {
    db?.close();
  }
});

/** What the background quick_check found: problems (none: healthy), or why it could not look. */
export interface ThreadCheck {
  problems: string[];
  failed?: string | null;
}

/**
 * quick_check of the file in a worker thread with its own read-only connection, so the desk can
 * answer meanwhile. Throws when the thread cannot start; `onError` hears a thread that died.
 */
export function quickCheckInThread(file: string, onResult: (c: ThreadCheck) => void, onError: (e: unknown) => void): void {
  const worker = startDbThread(QUICK_CHECK, { file });
  worker.once('error', onError);
  worker.once('message', onResult);
}

/** From now on this connection refuses every write (SQLITE_READONLY): used when damage is found. */
export function stopWrites(db: Db): void {
  db.pragma('query_only = ON');
}

/**
 * Why VaxDesk cannot write in the data folder (a read-only disk, share or mount, an immutable
 * folder), or null when it can. Tried with a real file, not access(): root passes access() on an
 * immutable folder, and only the write tells.
 */
export function folderWriteProblem(dir: string): string | null {
  const probe = path.join(dir, `.vaxdesk-write-test-${process.pid}`);
  try {
    fs.writeFileSync(probe, '', { flag: 'wx', mode: 0o600 });
    fs.rmSync(probe, { force: true });
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown';
    // No folder yet (made on open), or a full disk (a writable folder: reported as DISK_FULL instead).
    if (code === 'ENOENT' || code === 'ENOSPC' || code === 'EDQUOT') return null;
    if (code === 'EEXIST') {
      fs.rmSync(probe, { force: true });
      return null;
    }
    return `The data folder ${dir} cannot be written (${code}).`;
  }
}

/**
 * The database of a read-only folder, read into memory: SQLite cannot open a WAL database where
 * it cannot create the -shm file, so the copy is switched to a rollback journal in its header
 * (bytes 18-19, the file format's read/write versions) and opened read-only. Changes still in a
 * -wal file left by a crash are not in the copy: the caller says so.
 */
export function openReadOnlyCopy(file: string): Db {
  const bytes = fs.readFileSync(file);
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) {
    bytes[18] = 1;
    bytes[19] = 1;
  }
  const db = new Database(bytes, { readonly: true });
  db.pragma('foreign_keys = ON');
  db.pragma('query_only = ON');
  return db;
}
