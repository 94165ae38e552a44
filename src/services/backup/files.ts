import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/open';
import { dbPath } from '../../db/open';
import { LATEST_VERSION } from '../../db/migrations';
import { checkDatabaseFile, writeBackup, type BackupCheck } from '../../db/backup';
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

/** The newest backup that passes every check, or null. Damaged ones are skipped, not deleted. */
export function newestGoodBackup(dataDir: string): (BackupInfo & { check: BackupCheck }) | null {
  for (const b of listBackups(dataDir)) {
    const check = checkDatabaseFile(b.file);
    if (check.ok && check.userVersion !== null && check.userVersion <= LATEST_VERSION) return { ...b, check };
  }
  return null;
}

/**
 * Backs up, verifies the copy (read-only: integrity_check, quick_check, user_version) and rotates.
 * A copy that fails verification is removed at once and the call fails: a bad backup must never
 * push a good one out of the rotation.
 */
export async function makeBackup(db: Db, dataDir: string, now: Date, policy: RotationPolicy = DEFAULT_ROTATION): Promise<BackupInfo & { deleted: string[] }> {
  const dir = backupDir(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  let n = 1;
  while (fs.existsSync(path.join(dir, backupFileName(now, n)))) n++;
  const name = backupFileName(now, n);
  const file = path.join(dir, name);
  await writeBackup(db, file);
  const check = checkDatabaseFile(file);
  if (!check.ok || check.userVersion === null) {
    fs.rmSync(file, { force: true });
    throw new BackupError(`The backup failed its check and was removed: ${check.problems.join('; ')}`, check);
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
 * verify the backup first (a bad backup must not replace anything), then move the old file and
 * its -wal/-shm aside together (a stale WAL would be replayed onto the restored file and mix two
 * histories), then copy under a temporary name, flush, and rename into place.
 */
export function restoreBackup(dataDir: string, from: string, now: Date): RestoreOutcome {
  const check = checkDatabaseFile(from);
  if (!check.ok || check.userVersion === null) {
    throw new BackupError(`This backup is damaged and was not restored (${check.problems.slice(0, 3).join('; ')}).`, check);
  }
  if (check.userVersion > LATEST_VERSION) {
    throw new BackupError(`This backup was written by a newer VaxDesk (database version ${check.userVersion}); install that version to restore it.`, check);
  }
  const live = dbPath(dataDir);
  let keptAsideAt: string | null = null;
  const companions = ['', '-wal', '-shm', '-journal'].filter((s) => fs.existsSync(live + s));
  if (companions.length > 0) {
    const aside = asideDir(dataDir);
    fs.mkdirSync(aside, { recursive: true });
    let base = path.join(aside, `vaxdesk-${stamp(now)}.sqlite`);
    for (let n = 2; fs.existsSync(base); n++) base = path.join(aside, `vaxdesk-${stamp(now)}-${n}.sqlite`);
    for (const s of companions) fs.renameSync(live + s, base + s);
    keptAsideAt = base;
  }
  const tmp = `${live}.restoring`;
  fs.copyFileSync(from, tmp);
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, live);
  const after = checkDatabaseFile(live);
  if (!after.ok) throw new BackupError(`The restored file did not pass its check: ${after.problems.join('; ')}`, after);
  return { from, keptAsideAt, userVersion: check.userVersion };
}
