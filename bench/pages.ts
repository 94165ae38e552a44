/**
 * Renders rows [start, start+count) as FHIR searchset entries, one page per line of a cache file
 * (each line the JSON text of a page's `entry` array). The page server only wraps these in a
 * Bundle with its links, so rendering never happens while a pull is timed.
 *
 *   tsx bench/pages.ts --x start=0 --n 500000
 */
import fs from 'node:fs';
import { appointmentOf, benchRow } from './data';
import { main, nowMs } from './lib';
import { pagesPath, writeAtomically } from './cache';

/** The sync engine's default _count (DEFAULT_PULL.pageSize): the pages central would send it. */
export const PAGE_SIZE = 500;

export async function ensurePages(start: number, count: number, pageSize = PAGE_SIZE): Promise<string> {
  const file = pagesPath(start, count, pageSize);
  if (fs.existsSync(file)) return file;
  const t0 = nowMs();
  await writeAtomically(file, (tmp) => {
    const fd = fs.openSync(tmp, 'w');
    try {
      for (let p = start; p < start + count; p += pageSize) {
        const entries: string[] = [];
        for (let i = p; i < Math.min(start + count, p + pageSize); i++) {
          const a = appointmentOf(benchRow(i));
          entries.push(JSON.stringify({ fullUrl: `urn:uuid:${a.id}`, resource: a, search: { mode: 'match' } }));
        }
        fs.writeSync(fd, `[${entries.join(',')}]\n`);
      }
    } finally {
      fs.closeSync(fd);
    }
  });
  console.error(`rendered ${count} appointments into ${file} in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
  return file;
}

if (require.main === module) {
  main(async (a) => {
    console.log(await ensurePages(Number(a.extra.start ?? 0), a.n));
  });
}
