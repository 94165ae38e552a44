import { afterAll, beforeAll, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../../src/core';
import { openDatabase, dbPath } from '../../src/db/open';
import { createStore } from '../../src/db/store';
import { tempDir } from '../../src/testing/harness';
import { goodCsv } from '../../src/services/files/test-helpers';
import { bundleWorker, runAndKill } from './harness';
import { recordFigures } from '../figures';
import { budget, sized } from '../../src/testing/soak';

/**
 * An invitation list imported with `vaxdesk import` and killed (SIGKILL) at random moments:
 * the import is one transaction, so after each kill the database holds all of it or none of it.
 * `npm test`: 5 kills; `npm run soak`: 25 (src/testing/soak.ts; CRASH_IMPORT_KILLS overrides both).
 */
const KILLS = sized(5, 25, 'CRASH_IMPORT_KILLS');
const ROWS = 20_000;

let dir: string;
let cli: string;
let csv: string;

function freshData(name: string): string {
  const data = path.join(dir, name);
  const app = createApp({ dataDir: data });
  app.core.store.tx(() => app.core.store.settings.put('center', { id: 'crash-center', name: 'Crash test center' }));
  app.close();
  return data;
}
function invitations(data: string): { n: number; integrity: unknown } {
  const db = openDatabase(dbPath(data));
  try {
    return { n: createStore(db).invitations.count(), integrity: db.pragma('integrity_check', { simple: true }) };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = tempDir('vaxdesk-import-crash-');
  cli = await bundleWorker(path.resolve('src/cli.ts'), dir);
  csv = path.join(dir, 'list.csv');
  fs.writeFileSync(csv, goodCsv(ROWS));
}, budget(1, 10_000));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it(`a CSV import killed at random moments is all or nothing (${KILLS} runs, each killed unless it finished first)`, async () => {
  // How long a whole import takes here, to spread the kills over it (and just past it).
  const ref = freshData('reference');
  const t0 = Date.now();
  const full = await runAndKill(cli, ['import', csv, '--data', ref], null);
  const took = Date.now() - t0;
  expect(full.exitCode, full.stderr).toBe(0);
  expect(invitations(ref).n).toBe(ROWS);

  let victims = 0;
  let data = freshData(`victim-${victims}`);
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const seen = { none: 0, all: 0, other: 0, killed: 0 };
  for (let k = 0; k < KILLS; k++) {
    const run = await runAndKill(cli, ['import', csv, '--data', data], took * (0.4 + 0.9 * rand()), 'spawn');
    if (run.killed) seen.killed++;
    else expect(run.exitCode, run.stderr).toBe(0);
    const after = invitations(data);
    expect(after.integrity).toBe('ok');
    if (after.n === 0) seen.none++;
    else if (after.n === ROWS) {
      seen.all++;
      // Once it is in, further runs would only re-import unchanged rows: start again on a fresh folder.
      data = freshData(`victim-${++victims}`);
    } else seen.other++;
  }
  recordFigures('crash-import', { rows: ROWS, runs: seen.none + seen.all + seen.other, killed: seen.killed, nothing: seen.none, everything: seen.all, partial: seen.other, fullImportMs: took });
  console.log(`import crash: ${seen.killed} kills of a ${ROWS}-row import (${took} ms whole): ${seen.none} left nothing, ${seen.all} everything, ${seen.other} partial`);
  expect(seen.other).toBe(0);
  expect(seen.killed).toBeGreaterThan(0);
}, budget(KILLS + 1, 4_000));
