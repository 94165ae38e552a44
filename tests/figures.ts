import fs from 'node:fs';
import path from 'node:path';

const DIR = path.resolve('test-results', 'figures');

/**
 * Figures from reliability tests, one JSON file per test under test-results/figures/ (one file each,
 * because vitest runs test files in parallel workers), read back by docs/reliability.md's table.
 */
export function recordFigures(name: string, figures: Record<string, unknown>): void {
  fs.mkdirSync(DIR, { recursive: true });
  fs.writeFileSync(path.join(DIR, `${name.replace(/[^a-z0-9_-]/gi, '_')}.json`), JSON.stringify({ ...figures, at: new Date().toISOString() }, null, 2));
}

export function readFigures(): Record<string, Record<string, unknown>> {
  const all: Record<string, Record<string, unknown>> = {};
  if (!fs.existsSync(DIR)) return all;
  for (const f of fs.readdirSync(DIR)) if (f.endsWith('.json')) all[f.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8')) as Record<string, unknown>;
  return all;
}
