import fs from 'node:fs';
import path from 'node:path';
import type { Command } from './command';
import { openDatabase, dbPath } from '../db/open';
import { auditRepo } from '../db/audit';
import { defaultDataDir } from '../paths';
import { verifyAuditLog } from '../services/audit-head';
import { findDataKeys, keySealedByKeychain } from '../services/data-keys';
import { dataFolderSecrets } from '../services/secrets';

/**
 * `vaxdesk audit verify`: walks the keyed chain of the audit log, names the first altered or
 * removed row, and holds the log against the records of its end kept outside the database (the
 * head record and every backup), so a shortened or emptied log is reported too.
 */
export const auditVerifyCommand: Command = {
  name: 'audit verify',
  usage: 'vaxdesk audit verify [--data <dir>]',
  summary: 'Verify the tamper-evident audit log; exits 1 and names the first altered or removed row, or a shortened log.',
  options: { data: { type: 'string' } },
  async run(v) {
    const dataDir = path.resolve(String(v.data ?? defaultDataDir()));
    const file = dbPath(dataDir);
    if (!fs.existsSync(file)) {
      console.error(`No VaxDesk database in ${dataDir}.`);
      return 2;
    }
    if (keySealedByKeychain(dataDir)) {
      console.error("This data folder's audit key is sealed by the VaxDesk app's OS keychain, which this command cannot open.");
      return 2;
    }
    const keys = findDataKeys(dataFolderSecrets(dataDir));
    const db = openDatabase(file, { readonly: true });
    try {
      const r = verifyAuditLog(auditRepo(db), dataDir, keys);
      for (const n of r.notes) console.log(`Note: ${n}`);
      if (r.ok) {
        const keyed = r.keyedFrom === null ? 'plain SHA-256 (a database from before keying)' : r.keyedFrom <= 1 ? 'keyed (HMAC) from row 1' : `plain SHA-256 up to row ${r.keyedFrom - 1}, keyed (HMAC) from row ${r.keyedFrom}`;
        console.log(`Audit log intact: ${r.rows} rows, every hash chained to the previous one; ${keyed}; as long as its recorded end.`);
        return 0;
      }
      for (const p of r.problems) console.error(p);
      return 1;
    } finally {
      db.close();
    }
  },
};
