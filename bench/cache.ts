/**
 * Cached inputs: building a million-row database or half a million FHIR pages takes minutes, so
 * each is made once and reused by every scenario and run. A cache file is named after what it
 * depends on (size, the generator's source), so a change to either builds a new one instead of
 * benchmarking stale data; a newer schema is applied to the cached file by migrating it, as an
 * upgrade would.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CACHE_DIR } from './lib';

const DATA_SOURCES = ['bench/data.ts', 'src/demo/population.ts', 'src/demo/random.ts', 'src/domain/niss.ts'];

function sourceHash(extra: string[]): string {
  const h = createHash('sha256');
  const root = path.join(__dirname, '..');
  for (const f of [...DATA_SOURCES, ...extra]) {
    const p = path.join(root, f);
    h.update(f).update(fs.existsSync(p) ? fs.readFileSync(p) : '');
  }
  return h.digest('hex').slice(0, 10);
}

export function regionDbPath(n: number): string {
  return path.join(CACHE_DIR, `region-${n}-${sourceHash(['bench/prepare.ts'])}.sqlite`);
}

export function pagesPath(start: number, count: number, pageSize: number): string {
  return path.join(CACHE_DIR, `pages-${start}-${count}-${pageSize}-${sourceHash(['bench/pages.ts', 'src/sync/fhir/mappers.ts'])}.jsonl`);
}

/** Writes through a temporary name and renames, so a half-built file is never taken for a cache hit. */
export function writeAtomically(target: string, build: (tmp: string) => void | Promise<void>): Promise<void> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.${process.pid}.tmp`;
  return Promise.resolve(build(tmp)).then(
    () => fs.renameSync(tmp, target),
    (e: unknown) => {
      fs.rmSync(tmp, { force: true });
      throw e;
    },
  );
}
