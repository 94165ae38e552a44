import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { testApp, tempDir, type TestApp } from '../testing/harness';
import { canMount, smallDisk } from '../testing/mounts';
import { addInvitation, addPerson, configureCenter } from './reception/test-fixtures';
import { HTTP_STATUS } from '../api/errors';
import type { HealthStatus } from '../api/contract/backup';

const cannotMount = canMount();
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

/** Writes a file until the disk refuses (ENOSPC); returns its path. */
function fillDisk(dir: string): string {
  const filler = path.join(dir, 'filler.bin');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(64 * 1024, 0x42);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (e) {
    expect((e as NodeJS.ErrnoException).code).toBe('ENOSPC');
  } finally {
    fs.closeSync(fd);
  }
  // The last partial chunk: fill to the very last byte.
  const small = Buffer.alloc(512, 0x42);
  const fd2 = fs.openSync(filler, 'a');
  try {
    for (;;) fs.writeSync(fd2, small);
  } catch {
    // Full.
  } finally {
    fs.closeSync(fd2);
  }
  return filler;
}

const health = async (t: TestApp) => (await t.must('health.status', {})) as HealthStatus;

describe.skipIf(cannotMount !== null)(`a full disk (a small tmpfs)${cannotMount ? ` — skipped: ${cannotMount}` : ''}`, () => {
  it('check-ins get DISK_FULL (not INTERNAL), nothing half-saved; health.status says so; once space returns everything works without a restart', async () => {
    const base = tempDir();
    cleanups.push(() => fs.rmSync(base, { recursive: true, force: true }));
    const disk = path.join(base, 'disk');
    cleanups.push(smallDisk(disk, 16 * 1024 * 1024));
    const t = testApp({ dir: path.join(disk, 'data') });
    cleanups.push(() => t.close());
    configureCenter(t);
    const coord = await t.setup();
    const rec = await t.staffToken('receptionist', coord, 'Rita Desk');
    const invs = t.core.store.tx(() =>
      Array.from({ length: 120 }, (_, i) => addInvitation(t, addPerson(t, { familyName: `Family ${i} ${'x'.repeat(200)}`, givenName: `Given ${i}` }).id, { day: '2021-03-01' })),
    );
    await t.must('arrivals.checkIn', { invitationId: invs[0]!.id }, rec);
    expect((await health(t)).disk).toMatchObject({ full: false, lastFullAt: null });

    const filler = fillDisk(disk);
    const refused: string[] = [];
    const codes = new Set<string>();
    for (const inv of invs.slice(1)) {
      const r = await t.call('arrivals.checkIn', { invitationId: inv.id }, rec);
      if (r.ok) continue;
      codes.add(r.error.code);
      refused.push(inv.id);
      if (refused.length >= 5) break;
    }
    // Every refusal is DISK_FULL, said plainly, with HTTP 507 for the desk server.
    expect(refused.length).toBeGreaterThan(0);
    expect([...codes]).toEqual(['DISK_FULL']);
    expect(HTTP_STATUS.DISK_FULL).toBe(507);
    const full = await health(t);
    expect(full.disk.full).toBe(true);
    expect(full.disk.lastFullAt).not.toBeNull();
    expect(full.disk.freeBytes).toBeLessThan(64 * 1024);
    // Nothing of a refused check-in was kept: no arrival, no outbox entry.
    for (const id of refused) {
      expect(t.core.store.outbox.forResource(`appointment:${id}`)).toEqual([]);
      expect(t.core.store.db.prepare('SELECT count(*) AS n FROM arrivals WHERE invitation_id = ?').get(id)).toEqual({ n: 0 });
    }

    // Space comes back: the same desk, the same process, the same connection.
    fs.rmSync(filler);
    for (const id of refused) expect((await t.call('arrivals.checkIn', { invitationId: id }, rec)).ok).toBe(true);
    const after = await health(t);
    expect(after.disk.full).toBe(false);
    expect(after.disk.freeBytes).toBeGreaterThan(1024 * 1024);
    expect(t.core.store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect((await t.call('backup.now', {}, coord)).ok).toBe(true);
  });
});
