import type { Db } from '../../db/open';
import type { Clock } from '../../domain/time';
import type { DataKeys } from '../data-keys';
import { DEFAULT_ROTATION, type RotationPolicy } from '../../domain/backup-rotation';
import { makeBackup, type BackupInfo } from './files';

/** setInterval/clearInterval, injectable so tests drive time themselves. */
export interface Timer {
  every(ms: number, fn: () => void): () => void;
}

export const realTimer: Timer = {
  every(ms, fn) {
    const h = setInterval(fn, ms);
    // A pending backup timer must not keep a CLI or test process alive.
    h.unref?.();
    return () => clearInterval(h);
  },
};

export interface BackupStatus {
  lastOkAt: string | null;
  lastFile: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface SchedulerOptions {
  dataDir: string;
  /** The current connection (it changes when a damaged database is restored in place). */
  db: () => Db;
  clock: Clock;
  keys: DataKeys;
  /** Backups are only taken of a healthy database: a copy of a damaged one would rotate good ones out. */
  healthy: () => boolean;
  intervalMinutes?: number;
  policy?: RotationPolicy;
  timer?: Timer;
  log?: (msg: string) => void;
}

/**
 * Backs the database up every 30 minutes (by default) and once more on exit. Runs never overlap:
 * a run asked for while one is in progress waits for it and reuses its result.
 */
export class BackupScheduler {
  private cancel: (() => void) | null = null;
  private running: Promise<BackupInfo | null> | null = null;
  readonly status: BackupStatus = { lastOkAt: null, lastFile: null, lastError: null, lastErrorAt: null };

  constructor(private readonly o: SchedulerOptions) {}

  start(): void {
    if (this.cancel) return;
    const ms = (this.o.intervalMinutes ?? 30) * 60_000;
    this.cancel = (this.o.timer ?? realTimer).every(ms, () => {
      this.runOnce().catch((e: unknown) => console.error('[vaxdesk] scheduled backup failed', e));
    });
  }

  stop(): void {
    this.cancel?.();
    this.cancel = null;
  }

  get started(): boolean {
    return this.cancel !== null;
  }

  /** One backup now; never throws (the failure is in status and the log). Null when skipped or failed. */
  runOnce(): Promise<BackupInfo | null> {
    if (this.running) return this.running;
    this.running = this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Resolves once no backup is being written (retention waits for this before scrubbing backups). */
  async idle(): Promise<void> {
    if (this.running) await this.running;
  }

  /** For the shells' quit path: stop the timer, wait for a running backup, take a last one. */
  async onExit(): Promise<BackupInfo | null> {
    this.stop();
    if (this.running) await this.running;
    return this.runOnce();
  }

  private async run(): Promise<BackupInfo | null> {
    const log = this.o.log ?? ((m: string) => console.error(m));
    if (!this.o.healthy()) {
      log('[vaxdesk] backup skipped: the database is damaged or missing');
      return null;
    }
    const now = this.o.clock();
    try {
      const db = this.o.db();
      if (!db.open) return null;
      const b = await makeBackup(db, this.o.dataDir, now, this.o.keys, this.o.policy ?? DEFAULT_ROTATION);
      this.status.lastOkAt = now.toISOString();
      this.status.lastFile = b.file;
      return b;
    } catch (e) {
      this.status.lastError = (e as Error).message;
      this.status.lastErrorAt = now.toISOString();
      log(`[vaxdesk] backup failed: ${(e as Error).message}`);
      return null;
    }
  }
}
