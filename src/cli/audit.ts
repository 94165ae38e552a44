import fs from 'node:fs';
import path from 'node:path';
import type { Command } from './command';
import { openDatabase, dbPath } from '../db/open';
import { auditRepo } from '../db/audit';
import { verifyChain } from '../domain/audit-chain';
import { defaultDataDir } from '../paths';

/** `vaxdesk audit verify`: walks the hash chain of the audit log and names the first broken row. */
export const auditVerifyCommand: Command = {
  name: 'audit verify',
  usage: 'vaxdesk audit verify [--data <dir>]',
  summary: 'Verify the tamper-evident audit log; exits 1 and names the first altered or removed row.',
  options: { data: { type: 'string' } },
  async run(v) {
    const dataDir = path.resolve(String(v.data ?? defaultDataDir()));
    const file = dbPath(dataDir);
    if (!fs.existsSync(file)) {
      console.error(`No VaxDesk database in ${dataDir}.`);
      return 2;
    }
    const db = openDatabase(file, { readonly: true });
    try {
      const result = verifyChain(auditRepo(db).iterate());
      if (result.ok) {
        console.log(`Audit log intact: ${result.rows} rows, every hash chained to the previous one.`);
        return 0;
      }
      const what = result.problem === 'altered' ? 'was altered' : 'is missing (a row was removed) or out of order';
      console.error(`Audit log BROKEN: row ${result.firstBadSeq} ${what}. Rows before it are intact.`);
      return 1;
    } finally {
      db.close();
    }
  },
};
