import fs from 'node:fs';
import { AppError } from '../api/errors';
import type { retentionContract, RetentionRun, RetentionSettings } from '../api/contract/retention';
import { retentionRepo, scrubBackupFile } from '../db/retention';
import { localDate } from '../domain/time';
import type { Core, HandlersFor } from './context';
import { audit } from './audit-log';
import { listBackups, rewriteBackup } from './backup/files';
import type { BackupScheduler } from './backup/scheduler';

const KEY = 'retention';
type Stored = { days: number | null; lastRun: RetentionSettings['lastRun'] };

function settings(core: Core): Stored {
  return core.store.settings.get<Stored>(KEY) ?? { days: null, lastRun: null };
}

/**
 * Purges the personal data that is past the retention period, then makes sure the bytes are gone:
 * VACUUM and a TRUNCATE checkpoint for the live file and its WAL; for backups, those older than
 * the period are deleted and the others get the same purge (a backup holds everything the
 * database held when it was taken).
 */
export async function runRetention(core: Core, now: Date, auditAs: (action: string, detail: Record<string, unknown>) => void): Promise<RetentionRun> {
  const { days } = settings(core);
  if (days === null) throw new AppError('CONFLICT', 'No retention period is set; set one first.');
  const cutoffAt = new Date(now.getTime() - days * 86_400_000);
  const cutoff = cutoffAt.toISOString();
  const cutoffDay = localDate(cutoffAt);
  const at = now.toISOString();
  // A backup being written now would carry the data into the backups folder after the scrub.
  await (core.extensions.backup as BackupScheduler | undefined)?.idle();
  const { store } = core;
  const repo = retentionRepo(store.db);
  const { ids, rows } = store.tx(() => {
    const ids = repo.choose(cutoff, cutoffDay);
    const rows = repo.purgeChosen(at, cutoff);
    store.settings.put(KEY, { days, lastRun: { at, people: ids.length } } satisfies Stored);
    auditAs('retention.purge', { days, people: ids.length, cutoffDay });
    return { ids, rows };
  });
  repo.compact();
  let backupsDeleted = 0;
  let backupsScrubbed = 0;
  if (core.dataDir) {
    for (const b of listBackups(core.dataDir)) {
      if (b.at < cutoff) {
        fs.rmSync(b.file, { force: true });
        backupsDeleted++;
        continue;
      }
      try {
        rewriteBackup(b.file, core.keys, (plain) => scrubBackupFile(plain, ids, at, cutoff));
        backupsScrubbed++;
      } catch (e) {
        // A backup that cannot be scrubbed still holds data that must be gone: it goes too.
        console.error(`[vaxdesk] retention: backup ${b.name} could not be purged and was deleted: ${(e as Error).message}`);
        fs.rmSync(b.file, { force: true });
        backupsDeleted++;
      }
    }
  }
  return { people: ids.length, rows, backupsDeleted, backupsScrubbed };
}

export const retentionHandlers: HandlersFor<typeof retentionContract> = {
  'retention.get': (_i, call) => settings(call.core),

  'retention.update': (i, call) => {
    const { store } = call.core;
    const next = { ...settings(call.core), days: i.days };
    store.tx(() => {
      store.settings.put(KEY, next);
      audit(call, 'retention.update', 'settings', KEY, { days: i.days });
    });
    return next;
  },

  'retention.runNow': (_i, call) => runRetention(call.core, call.now(), (action, detail) => audit(call, action, 'people', null, detail)),
};
