import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { createApp, type App } from '../core';
import { testApp, tempDir } from '../testing/harness';
import { bindReadOnly, canMount } from '../testing/mounts';
import { dbPath } from '../db/open';
import type { HealthStatus } from '../api/contract/backup';

const cannotMount = canMount();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** A data folder with staff and a person, closed cleanly (or not), then seen through a read-only mount. */
async function readOnlyFolder(opts: { cleanClose: boolean }): Promise<{ ro: string; coordId: string }> {
  const base = tempDir();
  cleanups.push(() => fs.rmSync(base, { recursive: true, force: true }));
  const src = path.join(base, 'data');
  const t = testApp({ dir: src });
  const coord = await t.setup();
  await t.must('staff.create', { displayName: 'Rita', role: 'receptionist', pin: '2468' }, coord);
  const coordId = (await t.must('session.me', {}, coord)).staffId;
  t.close();
  if (!opts.cleanClose) fs.rmSync(`${dbPath(src)}.closed`);
  else expect(fs.existsSync(`${dbPath(src)}.closed`)).toBe(true);
  const ro = path.join(base, 'ro');
  cleanups.push(bindReadOnly(src, ro));
  expect(() => fs.writeFileSync(path.join(ro, 'probe'), 'x')).toThrow(/EROFS/);
  return { ro, coordId };
}

function open(dir: string): App {
  const app = createApp({ dataDir: dir });
  cleanups.push(() => app.close());
  return app;
}

describe.skipIf(cannotMount !== null)(`a read-only data folder (mount --bind -o ro)${cannotMount ? ` — skipped: ${cannotMount}` : ''}`, () => {
  for (const cleanClose of [true, false]) {
    it(`${cleanClose ? 'with' : 'without'} a clean-close mark: opens read-only, says why, keeps its staff, refuses writes as READ_ONLY`, async () => {
      const { ro, coordId } = await readOnlyFolder({ cleanClose });
      const before = fs.readdirSync(ro).sort();
      const app = open(ro);
      const st = await app.dispatch('health.status', {}, null);
      expect(st).toMatchObject({ ok: true, value: { state: 'read-only-folder', readOnly: true, viewable: true, canRestore: false, restoreNeedsPin: false } });
      const health = (st as { value: HealthStatus }).value;
      expect(health.message).toMatch(/data folder cannot be written/);
      expect(health.problems.join()).toMatch(/EROFS/);
      // Not "setup required": the staff are all there.
      const s = await app.dispatch('session.status', {}, null);
      expect(s).toMatchObject({ ok: true, value: { setupRequired: false } });
      expect((s as { value: { staff: { displayName: string }[] } }).value.staff.map((x) => x.displayName).sort()).toEqual(['Rita', 'Test Coordinator']);
      const setup = await app.dispatch('setup.createFirstCoordinator', { displayName: 'Intruder', pin: '1111' }, null);
      expect(setup.ok).toBe(false);
      const login = await app.dispatch('session.login', { staffId: coordId, pin: '1234' }, null);
      expect(login).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
      expect(await app.dispatch('health.restoreLatest', {}, null)).toMatchObject({ ok: false, error: { code: 'READ_ONLY' } });
      app.close();
      expect(fs.readdirSync(ro).sort()).toEqual(before);
    });
  }
});
