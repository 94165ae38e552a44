import { AppError } from '../../api/errors';
import type { backupContract } from '../../api/contract/backup';
import type { App } from '../../core';
import type { Core, HandlersFor } from '../context';
import { healthOf, healthStatus, restoreLatestInPlace } from '../health';
import { BackupError, listBackups, makeBackup } from './files';
import { BackupScheduler, type Timer } from './scheduler';

export { BackupScheduler, type Timer } from './scheduler';
export { listBackups, makeBackup, newestGoodBackup, restoreBackup, rotate, backupDir, asideDir, type BackupInfo } from './files';

function dataDirOf(core: Core): string {
  if (!core.dataDir) throw new AppError('CONFLICT', 'This VaxDesk runs without a data folder; there is nothing to back up.');
  return core.dataDir;
}

/**
 * For the shells (desk server, Electron): automatic backups every `intervalMinutes` while the app
 * runs. Call backupOnExit(app) on the way out (before app.close()).
 */
export function startBackups(app: App, opts: { intervalMinutes?: number; timer?: Timer } = {}): BackupScheduler | null {
  const { core } = app;
  if (!core.dataDir) return null;
  const existing = core.extensions.backup as BackupScheduler | undefined;
  if (existing) return existing;
  const sched = new BackupScheduler({
    dataDir: core.dataDir,
    db: () => core.store.db,
    clock: core.clock,
    keys: core.keys,
    healthy: () => healthOf(core)?.healthy ?? true,
    intervalMinutes: opts.intervalMinutes,
    timer: opts.timer,
  });
  core.extensions.backup = sched;
  sched.start();
  return sched;
}

/** The last backup on the way out; never throws, so a failed backup never blocks quitting. */
export async function backupOnExit(app: App): Promise<void> {
  const sched = app.core.extensions.backup as BackupScheduler | undefined;
  if (sched) await sched.onExit();
}

export const backupHandlers: HandlersFor<typeof backupContract> = {
  'backup.list': (_i, call) => listBackups(dataDirOf(call.core)).map((b) => ({ name: b.name, at: b.at, sizeBytes: b.sizeBytes })),

  'backup.now': async (_i, call) => {
    const { core } = call;
    const dir = dataDirOf(core);
    if (!(healthOf(core)?.healthy ?? true)) throw new AppError('READ_ONLY', 'The database is damaged; a backup of it would not help. Restore the newest good backup instead.');
    const sched = core.extensions.backup as BackupScheduler | undefined;
    await sched?.idle();
    try {
      const b = await makeBackup(core.store.db, dir, call.now(), core.keys);
      return { name: b.name, at: b.at, sizeBytes: b.sizeBytes, deleted: b.deleted.length };
    } catch (e) {
      if (e instanceof BackupError) throw new AppError('INTERNAL', e.message);
      throw e;
    }
  },

  'health.status': (_i, call) => healthStatus(call.core),

  'health.restoreLatest': async (i, call) => {
    const r = await restoreLatestInPlace(call.core, { staffId: i.staffId, pin: i.pin }, call.now());
    return { from: r.from.split(/[\\/]/).pop()!, keptAsideAt: r.keptAsideAt };
  },
};
