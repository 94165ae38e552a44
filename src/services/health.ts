import { AppError } from '../api/errors';
import type { HealthState, HealthStatus } from '../api/contract/backup';
import { CHANGE_KINDS } from '../api/method';
import fs from 'node:fs';
import { checkDatabase, openDegraded, openReadOnlyCopy, quickCheckInThread, stopWrites, type FileState, type ThreadCheck } from '../db/health';
import { looksLikeSqlite } from '../db/backup';
import { takeCleanClose } from '../db/clean-close';
import { dbPath, openDatabase, type Db } from '../db/open';
import { createStore } from '../db/store';
import { staffRepo } from '../db/staff';
import type { Core } from './context';
import { verifyPin } from './pin-hash';
import { keyAuditLog } from './audit-head';
import { diskStatus } from './disk-space';
import { LOCK_MINUTES, MAX_PIN_ATTEMPTS, refuseIfRateLimited } from './staff';
import { listBackups, newestGoodBackup, restoreBackup, type RestoreOutcome } from './backup/files';
import type { BackupScheduler } from './backup/scheduler';

export type { HealthState, HealthStatus };

/** Kept in core.extensions.health for the whole run. */
export class Health {
  state: HealthState;
  problems: string[];
  viewable: boolean;
  restored: HealthStatus['restored'] = null;
  constructor(
    readonly dataDir: string,
    state: HealthState,
    problems: string[],
    viewable: boolean,
  ) {
    this.state = state;
    this.problems = problems;
    this.viewable = viewable;
  }
  get healthy(): boolean {
    return this.state === 'ok' || this.state === 'restored';
  }
}

const MESSAGES: Record<HealthState, string> = {
  ok: 'The database is healthy.',
  restored: 'The database was restored from a backup; changes made after that backup must be entered again.',
  missing: 'The database file is missing, but there are backups. Nothing can be saved until the newest good backup is restored.',
  'not-sqlite': 'The database file is damaged (it is not a database any more). Nothing can be saved until the newest good backup is restored.',
  corrupt: 'The database file is damaged. It is open read-only so people can still be looked up; nothing can be saved until the newest good backup is restored.',
  'read-only-folder':
    'The data folder cannot be written (a read-only disk, share or folder). VaxDesk is open read-only: people can be looked up, nothing can be saved. Make the folder writable and restart VaxDesk.',
};

/**
 * Start-up: looks at the file before opening it. A healthy or new database opens as usual; a
 * missing (with backups), foreign or damaged one opens degraded instead of crashing the shell,
 * and health.status tells the UI why. A missing file WITHOUT backups is a new data folder.
 */
export function openChecked(dataDir: string, readOnlyFolder: string | null = null): { db: Db; health: Health; checkLater: boolean } {
  const file = dbPath(dataDir);
  if (readOnlyFolder) return openInReadOnlyFolder(dataDir, readOnlyFolder);
  // Always taken, so that a crash during this run leaves no mark behind.
  if (takeCleanClose(file) && looksLikeSqlite(file)) {
    return { db: openDatabase(file), health: new Health(dataDir, 'ok', [], true), checkLater: true };
  }
  const c = checkDatabase(file);
  let state: FileState | 'missing' = c.state;
  if (c.state === 'absent') {
    if (listBackups(dataDir).length === 0) return { db: openDatabase(file), health: new Health(dataDir, 'ok', [], true), checkLater: false };
    state = 'missing';
  }
  if (state === 'ok') return { db: openDatabase(file), health: new Health(dataDir, 'ok', [], true), checkLater: false };
  const { db, viewable } = openDegraded(file, c.state);
  console.error(`[vaxdesk] ${MESSAGES[state as HealthState]} ${c.problems.slice(0, 3).join('; ')}`);
  return { db, health: new Health(dataDir, state as HealthState, c.problems.slice(0, 20), viewable), checkLater: false };
}

/**
 * A folder that cannot be written: nothing may be attempted in it (no clean-close mark taken, no
 * WAL, no migration), so the database is read into memory read-only and every write is refused
 * as READ_ONLY. A healthy file in such a folder is not "corrupt", and its staff are still there
 * (so the desk does not ask for a first coordinator).
 */
function openInReadOnlyFolder(dataDir: string, why: string): { db: Db; health: Health; checkLater: boolean } {
  const file = dbPath(dataDir);
  const problems = [why];
  if (fs.existsSync(file) && looksLikeSqlite(file)) {
    try {
      const db = openReadOnlyCopy(file);
      db.prepare('SELECT count(*) FROM staff').get();
      const wal = `${file}-wal`;
      if (fs.existsSync(wal) && fs.statSync(wal).size > 0) problems.push('The last changes (in vaxdesk.sqlite-wal, left by a crash) cannot be read until the folder is writable again.');
      console.error(`[vaxdesk] ${MESSAGES['read-only-folder']} ${why}`);
      return { db, health: new Health(dataDir, 'read-only-folder', problems, true), checkLater: false };
    } catch (e) {
      problems.push(`The database could not be read: ${(e as Error).message}`);
    }
  }
  const { db } = openDegraded(file, 'absent');
  console.error(`[vaxdesk] ${MESSAGES['read-only-folder']} ${problems.join(' ')}`);
  return { db, health: new Health(dataDir, 'read-only-folder', problems, false), checkLater: false };
}

/**
 * The start-up check that a clean close allowed to skip, run in a worker thread while the desk
 * already answers. Damage found turns the database read-only on the spot, exactly as if it had
 * been found before opening: nothing more is written to a damaged file, and the health screen
 * offers the newest good backup. Resolves once the check is done (tests wait for it).
 */
export function checkInBackground(core: Core): Promise<'ok' | 'damaged' | 'not-checked'> {
  const h = healthOf(core);
  const db = core.store.db;
  if (!h) return Promise.resolve('not-checked');
  return new Promise((resolve) => {
    const judge = (m: ThreadCheck) => {
      // Closed meanwhile (the app stopped, a restore swapped the file): nothing to judge.
      if (!db.open || core.store.db !== db || m.failed === 'SQLITE_CANTOPEN') return resolve('not-checked');
      if (m.problems.length === 0) return resolve('ok');
      stopWrites(db);
      h.state = 'corrupt';
      h.problems = m.problems.slice(0, 20);
      h.viewable = true;
      console.error(`[vaxdesk] ${MESSAGES.corrupt} ${h.problems.slice(0, 3).join('; ')}`);
      for (const k of CHANGE_KINDS) core.events.emit(k);
      resolve('damaged');
    };
    try {
      quickCheckInThread(db.name, judge, (e) => {
        console.error('[vaxdesk] the background database check failed to run', e);
        resolve('not-checked');
      });
    } catch (e) {
      console.error('[vaxdesk] the background database check could not start', e);
      resolve('not-checked');
    }
  });
}

export function healthOf(core: Core): Health | null {
  return (core.extensions.health as Health | undefined) ?? null;
}

/** Active coordinators of a possibly damaged file; none when its staff table cannot be read. */
function coordinatorsIn(db: Db): { id: string; pinHash: string }[] {
  try {
    return staffRepo(db)
      .list()
      .filter((s) => s.role === 'coordinator' && s.active)
      .map((s) => ({ id: s.id, pinHash: s.pinHash }));
  } catch {
    return [];
  }
}

export function healthStatus(core: Core): HealthStatus {
  const h = healthOf(core);
  const sched = (core.extensions.backup as BackupScheduler | undefined) ?? null;
  if (!h) {
    return { state: 'ok', readOnly: false, viewable: true, message: MESSAGES.ok, problems: [], newestGoodBackup: null, canRestore: false, restoreNeedsPin: false, restored: null, disk: diskStatus(core), backups: sched?.status ?? null };
  }
  // Nothing can be restored into a read-only folder (and checking a backup writes a decrypted copy).
  const restorable = !h.healthy && h.state !== 'read-only-folder';
  const good = restorable ? newestGoodBackup(h.dataDir, core.keys) : null;
  return {
    state: h.state,
    readOnly: !h.healthy,
    viewable: h.viewable,
    message: MESSAGES[h.state],
    problems: h.problems,
    newestGoodBackup: good ? { name: good.name, at: good.at } : null,
    canRestore: restorable && good !== null,
    restoreNeedsPin: restorable && coordinatorsIn(core.store.db).length > 0,
    restored: h.restored,
    disk: diskStatus(core),
    backups: sched?.status ?? null,
  };
}

/**
 * Restores the newest good backup while the app runs — only when the database is damaged or
 * missing. Then the degraded connection holds nothing worth keeping and no one can be logged in,
 * so swapping it is safe. A healthy database is never swapped under running desks: check-ins made
 * since the backup would silently vanish (a double vaccination risk); that needs a deliberate
 * stop and `vaxdesk restore`.
 */
const NEEDS_PIN = "A coordinator's PIN is needed to restore the database.";

/**
 * The restore screen's PIN check, under the same rules as login (pin-guard.ts): the global
 * budget, one attempt at a time per account, counted before scrypt, five wrong lock for five
 * minutes. The damaged file cannot take the count, so it is kept in memory (a restart forgets
 * it, which also restarts the desk server: noticed) and audited after the restore.
 */
async function checkRestorePin(core: Core, coordinators: { id: string; pinHash: string }[], who: { staffId?: string; pin?: string }, now: Date): Promise<void> {
  refuseIfRateLimited(core);
  const c = coordinators.find((x) => x.id === who.staffId);
  if (!c || !who.pin) throw new AppError('FORBIDDEN', NEEDS_PIN);
  const guard = core.pinGuard;
  await guard.serial(c.id, async () => {
    const m = guard.memory.get(c.id) ?? { attempts: 0, lockedUntil: null };
    if (m.lockedUntil !== null && m.lockedUntil > now.getTime()) {
      throw new AppError('ACCOUNT_LOCKED', 'Too many wrong PINs: this account is locked for a few minutes.', { until: new Date(m.lockedUntil).toISOString() });
    }
    m.attempts += 1;
    guard.memory.set(c.id, m);
    const good = await verifyPin(who.pin!, c.pinHash);
    const at = now.toISOString();
    if (good) {
      guard.memory.delete(c.id);
      return;
    }
    if (m.attempts >= MAX_PIN_ATTEMPTS) m.lockedUntil = now.getTime() + LOCK_MINUTES * 60_000;
    const action = m.lockedUntil !== null ? 'session.locked' : 'session.wrongPin';
    guard.pendingAudit.push({ at, staffId: c.id, action, detail: { attempts: m.attempts, via: 'health.restoreLatest' } });
    console.warn(`[vaxdesk] wrong coordinator PIN on the restore screen (${m.attempts} for ${c.id})`);
    if (m.lockedUntil !== null) {
      throw new AppError('ACCOUNT_LOCKED', 'Too many wrong PINs: this account is locked for a few minutes.', { until: new Date(m.lockedUntil).toISOString() });
    }
    throw new AppError('FORBIDDEN', NEEDS_PIN, { attemptsLeft: MAX_PIN_ATTEMPTS - m.attempts });
  });
}

export async function restoreLatestInPlace(core: Core, who: { staffId?: string; pin?: string }, now: Date): Promise<RestoreOutcome> {
  const h = healthOf(core);
  if (!h) throw new AppError('CONFLICT', 'This VaxDesk runs without a data folder; there is nothing to restore.');
  if (h.healthy) {
    throw new AppError('CONFLICT', 'The database is healthy, so it is not replaced while desks are working. To go back to a backup, stop VaxDesk and run: vaxdesk restore --latest');
  }
  if (h.state === 'read-only-folder') {
    throw new AppError('READ_ONLY', 'The data folder cannot be written, so nothing can be restored into it. Make the folder writable and restart VaxDesk.');
  }
  // Asked before the PIN: answering NOT_FOUND only to a right PIN told a guesser it was right.
  const good = newestGoodBackup(h.dataDir, core.keys);
  if (!good) throw new AppError('NOT_FOUND', 'There is no good backup to restore. Ask your IT contact for help.');
  const coordinators = coordinatorsIn(core.store.db);
  if (coordinators.length > 0) await checkRestorePin(core, coordinators, who, now);
  // Re-checked after the await: two desks pressing "restore" at once must not restore twice.
  if (h.healthy) throw new AppError('CONFLICT', 'The database has just been restored.');
  const old = core.store.db;
  old.close();
  let outcome: RestoreOutcome;
  try {
    outcome = restoreBackup(h.dataDir, good.file, now, core.keys);
  } catch (e) {
    // The damaged file is still in place (restoreBackup verifies before moving anything): reopen degraded.
    core.store = createStore(openDegraded(dbPath(h.dataDir), h.state === 'missing' ? 'absent' : 'corrupt').db);
    core.store.audit.useKey(core.keys.audit, null);
    throw new AppError('INTERNAL', `The restore failed: ${(e as Error).message}`);
  }
  const db = openDatabase(dbPath(h.dataDir));
  core.store = createStore(db);
  // Going back to a backup is the one deliberate step back of the log: the head record says so.
  keyAuditLog(core.store.audit, core.keys, h.dataDir, () => now, good.name);
  core.store.tx(() =>
    core.store.audit.append({
      at: now.toISOString(),
      actorId: who.staffId ?? null,
      actorName: null,
      action: 'database.restore',
      entity: 'database',
      entityId: good.name,
      detail: { state: h.state, problems: h.problems.slice(0, 3), keptAsideAt: outcome.keptAsideAt },
    }),
  );
  // The PIN attempts made while the file could not be written, now that it can.
  const pending = core.pinGuard.pendingAudit.splice(0);
  core.store.tx(() => {
    for (const a of pending) core.store.audit.append({ at: a.at, actorId: a.staffId, actorName: null, action: a.action, entity: 'staff', entityId: a.staffId, detail: a.detail });
  });
  h.state = 'restored';
  h.viewable = true;
  h.restored = { from: good.name, keptAsideAt: outcome.keptAsideAt, at: now.toISOString() };
  core.sessions.forEach((s) => core.sessions.end(s.token));
  for (const k of CHANGE_KINDS) core.events.emit(k);
  return outcome;
}
