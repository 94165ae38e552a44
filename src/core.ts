import { openDatabase, dbPath } from './db/open';
import { createStore } from './db/store';
import { EventBus } from './api/events';
import { SessionStore } from './services/sessions';
import { systemClock, type Clock } from './domain/time';
import type { Core } from './services/context';
import { createDispatcher, type Dispatch } from './api/dispatch';
import { handlers } from './services/handlers';
import { idleLockMinutes } from './services/staff';
import { dataFolderSecrets, memorySecretStore, type SecretStore } from './services/secrets';
import { findDataKeys, loadDataKeys } from './services/data-keys';
import { folderWriteProblem } from './db/health';
import { keyAuditLog } from './services/audit-head';
import { secureDataFolder } from './services/data-folder';
import { sealPlainBackups } from './services/backup/files';
import { checkInBackground, healthOf, openChecked } from './services/health';
import { markCleanClose } from './db/clean-close';
import { DeskActivity } from './services/desk-activity';
import { startCheckpointer, type Checkpointer } from './db/checkpointer';
import { PinGuard, type PinRate } from './services/pin-guard';

export interface CoreOptions {
  /** Data folder holding vaxdesk.sqlite (and backups, exports). */
  dataDir?: string;
  /** Or a database file directly (tests); ':memory:' works too. */
  dbFile?: string;
  clock?: Clock;
  /** Electron passes its safeStorage-backed store; otherwise an owner-only file in the data folder. */
  secrets?: SecretStore;
  /** The global budget of PIN checks (pin-guard.ts); the default suits a center. */
  pinRate?: PinRate;
}

export interface App {
  core: Core;
  dispatch: Dispatch;
  close(): void;
}

/** Builds the core over one database: the same for Electron, the desk server, the CLI and tests. */
export function createApp(opts: CoreOptions): App {
  const clock = opts.clock ?? systemClock;
  const file = opts.dbFile ?? dbPath(opts.dataDir ?? '.');
  const dataDir = opts.dbFile ? null : (opts.dataDir ?? '.');
  // A folder VaxDesk cannot write in (read-only disk or share) opens read-only instead of crashing.
  const readOnlyFolder = dataDir ? folderWriteProblem(opts.dataDir ? secureIfPossible(dataDir) : dataDir) : null;
  const secrets = opts.secrets ?? (opts.dataDir ? dataFolderSecrets(opts.dataDir) : memorySecretStore());
  // Electron's keychain store falls back to the folder's owner-only file only where it cannot seal at all.
  const fallback = opts.secrets && opts.dataDir ? dataFolderSecrets(opts.dataDir) : null;
  // In a read-only folder no key can be made: an existing one is read, else a key for this run only.
  const keys = readOnlyFolder ? (findDataKeys(secrets, fallback) ?? loadDataKeys(memorySecretStore())) : loadDataKeys(secrets, fallback);
  // A damaged or missing database must not crash the shells: it opens degraded (writes refused
  // as READ_ONLY) and health.status says why, so the UI can offer the newest good backup.
  const checked = dataDir ? openChecked(dataDir, readOnlyFolder) : null;
  const db = checked?.db ?? openDatabase(file);
  const store = createStore(db);
  // The chain's key is outside the database; a damaged or read-only file gets no head record updates.
  if (opts.dataDir && !db.readonly && (checked?.health.healthy ?? true)) keyAuditLog(store.audit, keys, opts.dataDir, clock);
  else store.audit.useKey(keys.audit, null);
  const events = new EventBus(clock);
  const core: Core = {
    store,
    clock,
    events,
    dataDir: opts.dataDir ?? null,
    desk: new DeskActivity(),
    extensions: checked ? { health: checked.health } : {},
    secrets,
    keys,
    sessions: undefined as unknown as SessionStore,
    pinGuard: new PinGuard(opts.pinRate),
  };
  core.sessions = new SessionStore(clock, () => idleLockMinutes(core));
  const dispatch = createDispatcher(core, handlers);
  if (opts.dataDir && !db.readonly) sealPlainBackups(opts.dataDir, keys);
  // After a clean close the start-up check runs behind the first answers (see clean-close.ts).
  if (checked?.checkLater) core.extensions.startupCheck = checkInBackground(core);
  return {
    core,
    dispatch,
    close() {
      (core.extensions.checkpointer as Checkpointer | undefined)?.stop();
      // core.store.db, not db: a restore of a damaged database swaps the connection.
      const live = core.store.db;
      if (!live.open) return;
      live.close();
      // Only a healthy file closed by us lets the next start skip its check.
      if (opts.dataDir && !live.readonly && healthOf(core)?.healthy !== false && !live.memory) markCleanClose(live.name);
    },
  };
}

/** The folder made owner-only where it can be; a read-only one is reported by the start-up check. */
function secureIfPossible(dir: string): string {
  try {
    secureDataFolder(dir);
  } catch {
    // mkdir in a read-only parent: folderWriteProblem names the folder.
  }
  return dir;
}

/**
 * For the shells (desk server, Electron) and the benchmark: WAL checkpoints in a worker thread
 * instead of inside a check-in's commit. Stopped by app.close().
 */
export function startBackgroundCheckpoints(app: App): void {
  const { store, extensions } = app.core;
  if (extensions.checkpointer || store.db.memory || store.db.readonly) return;
  extensions.checkpointer = startCheckpointer(store.db, store.db.name);
}
