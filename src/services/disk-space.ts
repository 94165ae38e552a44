import fs from 'node:fs';
import type { Core } from './context';

/** What health.status says about the disk under the data folder. */
export interface DiskStatus {
  /** A write failed for lack of space and none has succeeded since. */
  full: boolean;
  /** When the last write failed for lack of space (stays after space returns, for the log). */
  lastFullAt: string | null;
  /** Free bytes on the data folder's disk, when the platform says. */
  freeBytes: number | null;
}

/** SQLite's "disk full" and the file system's (ENOSPC; EDQUOT: a quota on a share). */
export function isDiskFull(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null && 'code' in e ? (e as { code: unknown }).code : undefined;
  return code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * Remembers a full disk between calls. Nothing has to be reset when space returns: SQLite rolls
 * the failed transaction back and the next one simply finds room, so the flag only tells the
 * desk why its last writes failed, and clears at the first write that succeeds.
 */
export class DiskWatch {
  full = false;
  lastFullAt: string | null = null;
  sawFull(at: Date): void {
    this.full = true;
    this.lastFullAt = at.toISOString();
  }
  wrote(): void {
    this.full = false;
  }
}

export function diskWatch(core: Core): DiskWatch {
  let w = core.extensions.disk as DiskWatch | undefined;
  if (!w) core.extensions.disk = w = new DiskWatch();
  return w;
}

export function diskStatus(core: Core): DiskStatus {
  const w = diskWatch(core);
  let freeBytes: number | null = null;
  if (core.dataDir) {
    try {
      const s = fs.statfsSync(core.dataDir);
      freeBytes = s.bavail * s.bsize;
    } catch {
      // Not every platform or file system answers; the flag still says what the writes saw.
    }
  }
  return { full: w.full, lastFullAt: w.lastFullAt, freeBytes };
}
