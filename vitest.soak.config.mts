import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// `npm run soak`: the long proofs at their full size. A test file is soak-tagged by importing
// src/testing/soak.ts (its `sized()` picks the size), so a new proof joins the soak by using it.
const ROOTS = ['src', 'tests', 'tools', 'bench', 'electron'];
const USES_SOAK = /from ['"][./]*(?:src\/)?testing\/soak['"]/;

function soakFiles(dir: string, out: string[] = []): string[] {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') soakFiles(p, out);
    } else if (e.name.endsWith('.test.ts') && USES_SOAK.test(fs.readFileSync(p, 'utf8'))) out.push(p.split(path.sep).join('/'));
  }
  return out;
}

const include = ROOTS.filter((r) => fs.existsSync(r)).flatMap((r) => soakFiles(r));
if (include.length === 0) throw new Error('no soak-tagged test files found (none imports src/testing/soak.ts)');
process.env.VAXDESK_SOAK = '1';

export default defineConfig({
  test: {
    include,
    environment: 'node',
    env: { VAXDESK_SOAK: '1' },
    pool: 'forks',
    maxWorkers: Math.max(1, Math.min(2, os.cpus().length)),
    // Each soak test sets its own timeout from its size (budget() in src/testing/soak.ts).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
