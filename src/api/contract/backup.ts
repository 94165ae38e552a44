import { z } from 'zod';
import { method, returns } from '../method';
import { Id } from '../schemas';

export interface BackupItem {
  name: string;
  at: string;
  sizeBytes: number;
}

export interface RestoreResult {
  from: string;
  keptAsideAt: string | null;
}

/**
 * ok · missing (the file is gone but backups exist) · not-sqlite · corrupt · restored (during this
 * run) · read-only-folder (the data folder cannot be written: open read-only, nothing to restore).
 */
export type HealthState = 'ok' | 'missing' | 'not-sqlite' | 'corrupt' | 'restored' | 'read-only-folder';

export interface HealthStatus {
  state: HealthState;
  /** Nothing can be saved: every write is refused with READ_ONLY until a restore. */
  readOnly: boolean;
  /** The damaged data can still be looked at (read-only). */
  viewable: boolean;
  /** One plain sentence for the banner (the renderer may translate by state instead). */
  message: string;
  problems: string[];
  newestGoodBackup: { name: string; at: string } | null;
  /** A restore can be started from the UI (health.restoreLatest). */
  canRestore: boolean;
  /** A coordinator's PIN is asked because the damaged file still names coordinators. */
  restoreNeedsPin: boolean;
  restored: { from: string; keptAsideAt: string | null; at: string } | null;
  /** The disk under the data folder: full (writes refused as DISK_FULL until space returns) and free bytes. */
  disk: { full: boolean; lastFullAt: string | null; freeBytes: number | null };
  /** The automatic backups of this run (null when the shell did not start them). */
  backups: { lastOkAt: string | null; lastFile: string | null; lastError: string | null; lastErrorAt: string | null } | null;
}

export const backupContract = {
  'backup.list': method({
    role: 'coordinator',
    summary: 'The backups in the data folder, newest first.',
    input: z.strictObject({}),
    result: returns<BackupItem[]>(),
    emits: [],
  }),
  'backup.now': method({
    role: 'coordinator',
    summary: 'Back up the database now; the copy is verified (integrity_check) and old backups rotated.',
    input: z.strictObject({}),
    result: returns<BackupItem & { deleted: number }>(),
    emits: [],
  }),
  'health.status': method({
    role: 'public',
    summary: 'Whether the database is healthy, damaged or missing, and whether a good backup can be restored (for a banner on every screen).',
    input: z.strictObject({}),
    result: returns<HealthStatus>(),
    emits: [],
  }),
  'health.restoreLatest': method({
    role: 'public',
    summary:
      'Only while the database is damaged or missing: restore the newest good backup (the damaged file is kept aside). Asks a coordinator PIN when the damaged file still names coordinators.',
    input: z.strictObject({ staffId: Id.optional(), pin: z.string().max(12).optional() }),
    result: returns<RestoreResult>(),
    emits: [],
  }),
} as const;
