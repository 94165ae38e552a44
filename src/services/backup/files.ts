import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/open';
import { dbPath } from '../../db/open';
import { LATEST_VERSION } from '../../db/migrations';
import { checkDatabaseFile, looksLikeSqlite, writeBackup, type BackupCheck } from '../../db/backup';
import { auditHeadOfFile } from '../../db/audit';
import type { DataKeys } from '../data-keys';
import { anchorMac } from '../../domain/audit-chain';
import { fsyncFile, isSealed, sealFile, unsealFile, UnsealError } from './sealed';
import { backupFileName, backupsToDelete, parseBackupName, DEFAULT_ROTATION, type RotationPolicy } from '../../domain/backup-rotation';

export interface BackupInfo {
  file: string;
  name: string;
  at: string;
  sizeBytes: number;
}

export const backupDir = (dataDir: string) => path.join(dataDir, 'backups');
/** Where a replaced (usually damaged) database is kept: renamed, never deleted, for whoever investigates. */
export const asideDir = (dataDir: string) => path.join(dataDir, 'damaged');

export class BackupError extends Error {
  constructor(message: string, readonly check?: BackupCheck) {
    super(message);
    this.name = 'BackupError';
  }
}

/** The backups in a data folder, newest first. Only names that parse are backups. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupDir(dataDir);
  if (!fs.existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  const order = new Map<string, number>();
  for (const name of fs.readdirSync(dir)) {
    const p = parseBackupName(name);
    if (!p) continue;
    order.set(name, p.at.getTime() * 10_000 + p.n);
    const file = path.join(dir, name);
    try {
      out.push({ file, name, at: p.at.toISOString(), sizeBytes: fs.statSync(file).size });
    } catch {
      // Deleted between readdir and stat (a rotation in another process): not a backup any more.
    }
  }
  return out.sort((a, b) => order.get(b.name)! - order.get(a.name)!);
}

/**
 * Gives `fn` the backup's database as a plain file next to it (decrypted, owner-only) and removes
 * that file afterwards. A backup from before encryption (a plain SQLite file) is used as it is.
 */
export function withPlainBackup<T>(file: string, keys: DataKeys, fn: (plain: string) => T): T {
  if (!isSealed(file)) {
    if (looksLikeSqlite(file)) return fn(file);
    throw new UnsealError('not-sealed', 'This file is neither an encrypted VaxDesk backup nor a database.');
  }
  const plain = `${file}.open`;
  unsealFile(file, plain, keys);
  try {
    return fn(plain);
  } finally {
    fs.rmSync(plain, { force: true });
  }
}

/** checkDatabaseFile for a backup: decrypted first; a wrong key or a tampered file is a failed check. */
export function checkBackup(file: string, keys: DataKeys): BackupCheck {
  try {
    return withPlainBackup(file, keys, (plain) => checkDatabaseFile(plain));
  } catch (e) {
    if (e instanceof UnsealError) return { ok: false, userVersion: null, problems: [e.message] };
    return { ok: false, userVersion: null, problems: [(e as Error).message] };
  }
}

/** The newest backup that passes every check, or null. Damaged ones are skipped, not deleted. */
export function newestGoodBackup(dataDir: string, keys: DataKeys): (BackupInfo & { check: BackupCheck }) | null {
  for (const b of listBackups(dataDir)) {
    const check = checkBackup(b.file, keys);
    if (check.ok && check.userVersion !== null && check.userVersion <= LATEST_VERSION) return { ...b, check };
  }
  return null;
}

/** Encrypts a checked plain copy into `dest`, with the audit chain's head it holds. */
function sealCopy(plain: string, dest: string, keys: DataKeys): void {
  const a = auditHeadOfFile(plain);
  sealFile(plain, dest, keys, { ...a, mac: anchorMac(keys.audit, a) });
}

/**
 * Re-writes a backup through `fn` (which changes the plain copy: the retention purge) and
 * encrypts the result in its place; the original stays whole until the new file is complete.
 */
export function rewriteBackup(file: string, keys: DataKeys, fn: (plain: string) => void): void {
  const plain = `${file}.rewrite`;
  try {
    if (isSealed(file)) unsealFile(file, plain, keys);
    else fs.copyFileSync(file, plain);
    fs.chmodSync(plain, 0o600);
    fn(plain);
    sealCopy(plain, file, keys);
  } finally {
    fs.rmSync(plain, { force: true });
  }
}

/** Backups written before they were encrypted (plain SQLite files) are encrypted in place. */
export function sealPlainBackups(dataDir: string, keys: DataKeys): number {
  let n = 0;
  for (const b of listBackups(dataDir)) {
    if (isSealed(b.file) || !looksLikeSqlite(b.file)) continue;
    try {
      rewriteBackup(b.file, keys, () => {});
      n++;
    } catch (e) {
      console.error(`[vaxdesk] backup ${b.name} could not be encrypted: ${(e as Error).message}`);
    }
  }
  return n;
}

/**
 * Backs up, verifies the copy (read-only: integrity_check, quick_check, user_version) and rotates.
 * A copy that fails verification is removed at once and the call fails: a bad backup must never
 * push a good one out of the rotation.
 */
export async function makeBackup(db: Db, dataDir: string, now: Date, keys: DataKeys, policy: RotationPolicy = DEFAULT_ROTATION): Promise<BackupInfo & { deleted: string[] }> {
  const dir = backupDir(dataDir);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  let n = 1;
  while (fs.existsSync(path.join(dir, backupFileName(now, n)))) n++;
  const name = backupFileName(now, n);
  const file = path.join(dir, name);
  // The plain copy exists only while it is checked and encrypted (owner-only, like the live file).
  const plain = `${file}.plain`;
  try {
    await writeBackup(db, plain);
    const check = checkDatabaseFile(plain);
    if (!check.ok || check.userVersion === null) {
      throw new BackupError(`The backup failed its check and was removed: ${check.problems.join('; ')}`, check);
    }
    sealCopy(plain, file, keys);
  } finally {
    fs.rmSync(plain, { force: true });
  }
  const deleted = rotate(dataDir, policy);
  return { file, name, at: now.toISOString(), sizeBytes: fs.statSync(file).size, deleted };
}

export function rotate(dataDir: string, policy: RotationPolicy = DEFAULT_ROTATION): string[] {
  const names = listBackups(dataDir).map((b) => b.name);
  const del = backupsToDelete(names, policy);
  for (const name of del) fs.rmSync(path.join(backupDir(dataDir), name), { force: true });
  return del;
}

export interface RestoreOutcome {
  from: string;
  /** Where the replaced database went (with its -wal/-shm), or null when there was none. */
  keptAsideAt: string | null;
  userVersion: number;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/**
 * Puts a backup in place of the live database. The live database must be closed. Order matters:
 * decrypt and verify the backup first, under a temporary name (a bad, tampered or foreign backup
 * must not replace anything), then move the old file and
 * its -wal/-shm aside together (a stale WAL would be replayed onto the restored file and mix two
 * histories), then rename the flushed copy into place.
 */
export function restoreBackup(dataDir: string, from: string, now: Date, keys: DataKeys | null): RestoreOutcome {
  const live = dbPath(dataDir);
  const tmp = `${live}.restoring`;
  try {
    if (isSealed(from)) {
      if (!keys) throw new UnsealError('other-key', 'This data folder has no key, so this encrypted backup cannot be read here (it belongs to another PC or data folder).');
      unsealFile(from, tmp, keys);
    } else {
      fs.copyFileSync(from, tmp);
      fs.chmodSync(tmp, 0o600);
      fsyncFile(tmp);
    }
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    if (e instanceof UnsealError) throw new BackupError(`This backup was not restored: ${e.message}`);
    throw e;
  }
  const check = checkDatabaseFile(tmp);
  if (!check.ok || check.userVersion === null) {
    fs.rmSync(tmp, { force: true });
    throw new BackupError(`This backup is damaged and was not restored (${check.problems.slice(0, 3).join('; ')}).`, check);
  }
  if (check.userVersion > LATEST_VERSION) {
    fs.rmSync(tmp, { force: true });
    throw new BackupError(`This backup was written by a newer VaxDesk (database version ${check.userVersion}); install that version to restore it.`, check);
  }
  let keptAsideAt: string | null = null;
  const companions = ['', '-wal', '-shm', '-journal'].filter((s) => fs.existsSync(live + s));
  if (companions.length > 0) {
    const aside = asideDir(dataDir);
    fs.mkdirSync(aside, { recursive: true, mode: 0o700 });
    let base = path.join(aside, `vaxdesk-${stamp(now)}.sqlite`);
    for (let n = 2; fs.existsSync(base); n++) base = path.join(aside, `vaxdesk-${stamp(now)}-${n}.sqlite`);
    for (const s of companions) fs.renameSync(live + s, base + s);
    keptAsideAt = base;
  }
  fs.renameSync(tmp, live);
  const after = checkDatabaseFile(live);
  if (!after.ok) throw new BackupError(`The restored file did not pass its check: ${after.problems.join('; ')}`, after);
  return { from, keptAsideAt, userVersion: check.userVersion };
}
