import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { main } from '../cli';
import { testApp, type TestApp } from '../testing/harness';
import type { CentralSim } from '../../tools/central-sim/server';
import { LOCATION, startSim } from '../sync/testing/fixture';

let sim: CentralSim;
let t: TestApp;
beforeAll(async () => {
  ({ sim } = await startSim({ invitations: 30, token: 'cli-token', firstDay: new Date().toISOString().slice(0, 10), days: 3 }));
  t = testApp();
  t.core.store.center.save({ id: null, name: 'Heizel' }, new Date().toISOString());
  t.close();
}, 60_000);
afterAll(async () => {
  t?.cleanup();
  await sim?.stop();
});

async function run(args: string[]) {
  const out: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const err = vi.spyOn(console, 'error').mockImplementation((...a) => void out.push(a.join(' ')));
  const serr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { code: await main(args), out: out.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
    serr.mockRestore();
  }
}

it('vaxdesk sync pulls and pushes once and prints the figures; exit 3 when central is unreachable; 2 on bad usage', async () => {
  const tokenFile = path.join(t.dir, 'token.txt');
  fs.writeFileSync(tokenFile, 'cli-token\n');
  const ok = await run(['sync', '--data', t.dir, '--central', sim.url, '--location', LOCATION, '--token-file', tokenFile]);
  expect(ok.out).toMatch(/pulled 30 \(30 new, 0 changed, full resync\); pushed 0, parked 0, waiting 0/);
  expect(ok.code).toBe(0);

  fs.writeFileSync(tokenFile, 'wrong-token');
  const denied = await run(['sync', '--data', t.dir, '--central', sim.url, '--location', LOCATION, '--token-file', tokenFile]);
  expect(denied.code).toBe(1);
  expect(denied.out).toMatch(/401/);

  const down = await run(['sync', '--data', t.dir, '--central', 'http://127.0.0.1:9/fhir', '--location', LOCATION]);
  expect(down.code).toBe(3);
  expect(down.out).toMatch(/error: network/);

  expect((await run(['sync', '--data', t.dir, '--central', 'http://central.example.be/fhir', '--location', LOCATION])).code).toBe(2);
  // Without --location the center's own Location id is used (this one took it from the first run); no token: 401.
  const own = await run(['sync', '--data', t.dir, '--central', sim.url]);
  expect(own.out).toMatch(/401/);
  expect(own.code).toBe(1);
  expect((await run(['sync', '--data', path.join(t.dir, 'nothing-here')])).code).toBe(2);
}, 60_000);
