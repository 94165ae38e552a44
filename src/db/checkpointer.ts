import type { Db } from './open';
import { startDbThread } from './db-thread';

/** SQLite's own default: the desk's connection checkpoints itself when no thread does it. */
const AUTO_CHECKPOINT_PAGES = 1000;

/**
 * WAL pages past which a bulk transaction's commit checkpoints on the desk's connection (256 MB):
 * see store.txBulk. The thread's checkpoints copy pages but cannot restart the WAL: only a writer
 * that finds every frame copied does, and a pull writing batch after batch never leaves that
 * moment, so the WAL grew to 20 GB over a 500,000-row first load.
 */
export const BACKSTOP_PAGES = 65_536;

// Runs in the worker: a PASSIVE checkpoint never waits for and never blocks the desk's writes; it
// copies what it can and leaves the rest for the next round.
const WORKER = String((Database: new (f: string, o: object) => Db, data: { file: string; everyMs: number }, post: (m: unknown) => void) => {
  const round = () => {
    let db: Db | null = null;
    try {
      db = new Database(data.file, { fileMustExist: true });
      db.pragma('busy_timeout = 0');
      db.pragma('synchronous = FULL');
      const r = db.pragma('wal_checkpoint(PASSIVE)') as { busy: number; log: number; checkpointed: number }[];
      post({ kind: 'round', ...r[0] });
    } catch (e) {
      post({ kind: 'error', message: String(e) });
    } finally {
      db?.close();
    }
  };
  post({ kind: 'ready' });
  setInterval(round, data.everyMs);
});

export interface Checkpointer {
  stop(): void;
}

/**
 * Moves WAL checkpoints off the desk's thread. Left to itself, SQLite checkpoints inside whichever
 * commit pushes the WAL past 1,000 pages: every few hundred check-ins one of them pays for copying
 * the pages back into the database and an fsync of it (the check-in p99 of 4.7 ms against a median
 * of 0.5). Here a worker thread with its own connection checkpoints every `everyMs`, and the desk's
 * connection stops checkpointing itself only once that worker runs (bulk transactions excepted,
 * see BACKSTOP_PAGES); if the worker fails, the connection checkpoints itself again.
 */
export function startCheckpointer(db: Db, file: string, everyMs = 500, onRound?: (r: { log: number; checkpointed: number }) => void): Checkpointer {
  const fallback = () => {
    if (db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
  };
  let stopped = false;
  let worker: ReturnType<typeof startDbThread>;
  try {
    worker = startDbThread(WORKER, { file, everyMs });
  } catch (e) {
    console.error('[vaxdesk] background checkpoints unavailable; the desk connection checkpoints itself', e);
    return { stop() {} };
  }
  worker.on('message', (m: { kind: string; message?: string; log?: number; checkpointed?: number }) => {
    if (m.kind === 'ready' && !stopped && db.open) db.pragma('wal_autocheckpoint = 0');
    else if (m.kind === 'round') onRound?.({ log: m.log!, checkpointed: m.checkpointed! });
    else if (m.kind === 'error') console.error(`[vaxdesk] background checkpoint failed: ${m.message}`);
  });
  worker.on('error', (e) => {
    console.error('[vaxdesk] background checkpoints stopped; the desk connection checkpoints itself', e);
    fallback();
  });
  worker.on('exit', () => {
    if (!stopped) fallback();
  });
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      fallback();
      worker.terminate().catch((e: unknown) => console.error('[vaxdesk] checkpoint thread did not stop', e));
    },
  };
}
