import fs from 'node:fs';
import path from 'node:path';
import type { Command } from './command';
import { createApp } from '../core';
import { defaultDataDir } from '../paths';
import { LocalDate } from '../api/schemas';
import { exportDay } from '../services/files/export';
import { dbPath } from '../db/open';

export const exportCommand: Command = {
  name: 'export',
  usage: 'vaxdesk export --day <YYYY-MM-DD> [--format csv|fhir] --out <file|-> [--data <dir>]',
  summary: "Write a day's arrivals and doses as CSV or a FHIR transaction Bundle, for upload when the central system is back.",
  options: { data: { type: 'string' }, day: { type: 'string' }, format: { type: 'string' }, out: { type: 'string' } },
  async run(v) {
    if (typeof v.day !== 'string' || !LocalDate.safeParse(v.day).success) {
      console.error(`--day must be a real date as YYYY-MM-DD.\nUsage: ${exportCommand.usage}`);
      return 2;
    }
    const format = String(v.format ?? 'csv');
    if (format !== 'csv' && format !== 'fhir') {
      console.error('--format must be csv or fhir.');
      return 2;
    }
    if (typeof v.out !== 'string' || v.out === '') {
      console.error(`--out is required (a file, or - for the standard output).\nUsage: ${exportCommand.usage}`);
      return 2;
    }
    const dataDir = path.resolve(String(v.data ?? defaultDataDir()));
    if (!fs.existsSync(dbPath(dataDir))) {
      console.error(`There is no VaxDesk database in ${dataDir}.`);
      return 1;
    }
    const app = createApp({ dataDir });
    try {
      const f = exportDay(app.core.store, v.day, format, app.core.clock());
      if (v.out === '-') process.stdout.write(f.text);
      else {
        // Written beside the target and renamed: a reader never sees half a file.
        const tmp = `${v.out}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, f.text);
        fs.renameSync(tmp, v.out);
      }
      const where = v.out === '-' ? 'standard output' : v.out;
      (v.out === '-' ? console.error : console.log)(
        `Exported ${v.day}: ${f.appointments} appointments, ${f.immunizations} doses${f.skipped ? `, ${f.skipped} left out (no national number)` : ''} → ${where}`,
      );
      return 0;
    } catch (e) {
      console.error(`Export failed: ${(e as Error).message}`);
      return 1;
    } finally {
      app.close();
    }
  },
};
