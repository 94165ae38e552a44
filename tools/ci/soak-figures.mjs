// Prints the figures the soak's tests recorded (test-results/figures/, tests/figures.ts), for
// docs/reliability.md; exits non-zero when a soak test recorded nothing.
import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';

const DIR = path.resolve('test-results', 'figures');
const EXPECTED = ['crash-checkin', 'crash-import', 'sync-faults', 'pull-kill'];
const since = Number(process.argv[2] ?? 0);
const commit = (() => {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
})();
console.log(`== soak figures (commit ${commit}, ${new Date().toISOString()})`);
let missing = 0;
const files = fs.existsSync(DIR) ? fs.readdirSync(DIR).filter((f) => f.endsWith('.json')) : [];
for (const f of files.sort()) {
  const fig = JSON.parse(fs.readFileSync(path.join(DIR, f), 'utf8'));
  if (since && Date.parse(fig.at) < since) continue;
  console.log(`${f.slice(0, -5)}: ${JSON.stringify(fig)}`);
}
for (const name of EXPECTED) {
  const f = path.join(DIR, `${name}.json`);
  const fresh = fs.existsSync(f) && (!since || Date.parse(JSON.parse(fs.readFileSync(f, 'utf8')).at) >= since);
  if (!fresh) {
    console.log(`missing: ${name} recorded no figures in this soak`);
    missing++;
  }
}
process.exit(missing ? 1 : 0);
