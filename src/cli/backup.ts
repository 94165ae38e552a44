import fs from 'node:fs';
import path from 'node:path';
import type { Command } from './command';
import { dbPath, openDatabase } from '../db/open';
import { checkDatabase } from '../db/health';
import { defaultDataDir } from '../paths';
import { listBackups, makeBackup, newestGoodBackup, restoreBackup } from '../services/backup/files';
import { findDataKeys, keySealedByKeychain, loadDataKeys } from '../services/data-keys';
import { dataFolderSecrets } from '../services/secrets';
import { secureDataFolder } from '../services/data-folder';
import { keyAuditLog } from '../services/audit-head';
import { auditRepo } from '../db/audit';

const KEYCHAIN_FOLDER =
  "This data folder's key is sealed by the VaxDesk app's OS keychain, which this command cannot open: make backups and restores from the app (its health screen restores the newest good backup).";

const dataDirOf = (v: Record<string, string | boolean | undefined>) => path.resolve(String(v.data ?? defaultDataDir()));

/** `vaxdesk backup`: the same verified, rotated backup the app makes every 30 minutes. */
export const backupCommand: Command = {
  name: 'backup',
  usage: 'vaxdesk backup [--data <dir>]',
  summary: 'Back up the database now (verified, rotated) into <data>/backups.',
  options: { data: { type: 'string' } },
  async run(v) {
    const dataDir = dataDirOf(v);
    const file = dbPath(dataDir);
    const c = checkDatabase(file);
    if (c.state === 'absent') {
      console.error(`No VaxDesk database in ${dataDir}.`);
      return 2;
    }
    if (c.state !== 'ok') {
      console.error(`The database is damaged (${c.problems.slice(0, 3).join('; ')}); a backup of it would not help. Restore one: vaxdesk restore --data "${dataDir}" --latest`);
      return 1;
    }
    if (keySealedByKeychain(dataDir)) {
      console.error(KEYCHAIN_FOLDER);
      return 1;
    }
    secureDataFolder(dataDir);
    const keys = loadDataKeys(dataFolderSecrets(dataDir));
    const db = openDatabase(file);
    try {
      const b = await makeBackup(db, dataDir, new Date(), keys);
      console.log(`Encrypted with the data folder's key (${keys.kind}); it cannot be read without it.`);
      console.log(`Backup written and verified: ${b.file} (${(b.sizeBytes / 1024).toFixed(0)} KiB).`);
      if (b.deleted.length) console.log(`Rotated out: ${b.deleted.join(', ')}`);
      return 0;
    } catch (e) {
      console.error(`Backup failed: ${(e as Error).message}`);
      return 1;
    } finally {
      db.close();
    }
  },
};

/** `vaxdesk restore`: by hand, with VaxDesk stopped. */
export const restoreCommand: Command = {
  name: 'restore',
  usage: 'vaxdesk restore [--data <dir>] (--latest | --from <backup file>) | --list',
  summary: 'Stop VaxDesk first. Put a verified backup in place of the database; the old file is kept in <data>/damaged.',
  options: { data: { type: 'string' }, from: { type: 'string' }, latest: { type: 'boolean' }, list: { type: 'boolean' } },
  async run(v) {
    const dataDir = dataDirOf(v);
    if (v.list) {
      const all = listBackups(dataDir);
      if (all.length === 0) console.log(`No backups in ${dataDir}.`);
      for (const b of all) console.log(`${b.name}  ${(b.sizeBytes / 1024).toFixed(0)} KiB`);
      return 0;
    }
    if (Boolean(v.latest) === (typeof v.from === 'string')) {
      console.error('Say which backup: --latest or --from <file> (one of them).');
      return 2;
    }
    if (keySealedByKeychain(dataDir)) {
      console.error(KEYCHAIN_FOLDER);
      return 1;
    }
    // Never a new key here: a key made now could not open any backup.
    const keys = findDataKeys(dataFolderSecrets(dataDir));
    let from: string;
    if (typeof v.from === 'string') {
      from = path.resolve(v.from);
      if (!fs.existsSync(from)) {
        console.error(`There is no file ${from}.`);
        return 2;
      }
    } else {
      const good = keys ? newestGoodBackup(dataDir, keys) : null;
      if (!good) {
        console.error(`No good backup in ${path.join(dataDir, 'backups')}${keys ? '' : " (this data folder has no key, so encrypted backups cannot be read here)"}.`);
        return 1;
      }
      from = good.file;
    }
    try {
      const r = restoreBackup(dataDir, from, new Date(), keys);
      if (keys) {
        const db = openDatabase(dbPath(dataDir));
        try {
          keyAuditLog(auditRepo(db), keys, dataDir, () => new Date(), path.basename(from));
        } finally {
          db.close();
        }
      }
      console.log(`Restored ${path.basename(r.from)} (database version ${r.userVersion}); it passed integrity_check.`);
      if (r.keptAsideAt) console.log(`The previous database was kept at ${r.keptAsideAt}.`);
      return 0;
    } catch (e) {
      console.error(`Nothing was restored: ${(e as Error).message}`);
      return 1;
    }
  },
};
