// Sums the whole run into one plain line, `N passed, N failed`, which CI reads; exits non-zero on any failure.
import fs from 'node:fs';
import path from 'node:path';

let passed = 0;
let failed = 0;
let skipped = 0;
const read = (f) => (fs.existsSync(f) ? JSON.parse(fs.readFileSync(f, 'utf8')) : null);

for (const line of fs.existsSync('test-results/steps.txt') ? fs.readFileSync('test-results/steps.txt', 'utf8').split('\n') : []) {
  if (line.startsWith('pass ')) passed++;
  else if (line.startsWith('fail ')) failed++;
}

const vitest = read('test-results/vitest.json');
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
  // A file that fails to load has no tests but must still fail the run.
  for (const f of vitest.testResults ?? []) {
    if (f.status === 'failed' && (f.assertionResults ?? []).length === 0) failed++;
    // Named again here because CI keeps only the end of the output.
    for (const a of f.assertionResults ?? []) if (a.status === 'failed') console.log(`failed: ${path.relative(process.cwd(), f.name)} › ${a.fullName}`);
  }
} else {
  console.log('vitest produced no report');
  failed++;
}

const pw = read('test-results/playwright.json');
if (pw) {
  passed += pw.stats.expected;
  failed += pw.stats.unexpected + pw.stats.flaky * 0;
  skipped += pw.stats.skipped;
  if ((pw.errors ?? []).length > 0) failed += pw.errors.length;
} else if (fs.existsSync('playwright.config.ts')) {
  console.log('playwright produced no report');
  failed++;
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
