import fs from 'node:fs';
import path from 'node:path';

/** Figures from reliability tests, collected into test-results/figures.json for docs/reliability.md. */
export function recordFigures(name: string, figures: Record<string, unknown>): void {
  const file = path.resolve('test-results', 'figures.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
  } catch {
    // first figures of this run
  }
  all[name] = { ...figures, at: new Date().toISOString() };
  fs.writeFileSync(file, JSON.stringify(all, null, 2));
}
