import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../testing/harness';
import { api, deskStatus, must, seedHub, startDesk, startHub, type DeskProc, type HubProc } from './processes';
import { faultProxy } from './fault-proxy';
import { until } from './testing';

/** Processes on loopback addresses: the hub on 127.0.0.2, desks on .3-.6, the fault proxy on .9. */
const root = tempDir('vaxdesk-hub-faults-');
const hubDir = path.join(root, 'hub');
const HUB_PORT = 20_000 + Math.floor(Math.random() * 20_000);
let hub: HubProc;
let seed: Awaited<ReturnType<typeof seedHub>>;
const running: DeskProc[] = [];

function rows<T>(dir: string, sql: string): T[] {
  const db = new Database(path.join(dir, 'vaxdesk.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}
const arrivalIds = (dir: string) => rows<{ id: string }>(dir, `SELECT id FROM arrivals ORDER BY id`).map((r) => r.id);

async function login(desk: DeskProc, staffId: string) {
  return (await must<{ token: string }>(desk.ui, 'session.login', { staffId, pin: '4321' })).token;
}

beforeAll(async () => {
  seed = await seedHub(hubDir, { receptionists: 4, invitations: 110 });
  hub = await startHub(hubDir, seed.coordinator.id, HUB_PORT);
}, 120_000);

afterAll(async () => {
  for (const d of running) await d.kill();
  await hub?.kill();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('faults between desks and the hub', () => {
  it('hub SIGKILLed in the middle: the desks keep checking in on their copies; restarted, the backlogs drain and local = hub', async () => {
    const dirs = [path.join(root, 'd0'), path.join(root, 'd1')];
    const desks = [await startDesk(dirs[0]!, '127.0.0.3', hub, 'Desk 0'), await startDesk(dirs[1]!, '127.0.0.4', hub, 'Desk 1')];
    running.push(...desks);
    for (const d of desks) await until('online', async () => (await deskStatus(d)).mode === 'online');
    const tokens = [await login(desks[0]!, seed.receptionists[0]!.id), await login(desks[1]!, seed.receptionists[1]!.id)];
    const lists = [seed.invitations.slice(0, 30), seed.invitations.slice(30, 60)];
    const results: string[][] = [[], []];
    const work = desks.map(async (d, i) => {
      for (const [n, inv] of lists[i]!.entries()) {
        if (n === 10 && i === 0) await hub.kill('SIGKILL');
        const r = await api(d.ui, 'arrivals.checkIn', { invitationId: inv.id }, tokens[i]);
        results[i]!.push(r.ok ? 'ok' : r.error.code);
      }
    });
    await Promise.all(work);
    expect(results.flat().filter((r) => r !== 'ok')).toEqual([]);
    for (const d of desks) expect((await deskStatus(d)).mode).toBe('offline');
    const waiting = await Promise.all(desks.map((d) => deskStatus(d).then((s) => s.waiting)));
    expect(waiting[0]).toBeGreaterThan(0);

    hub = await startHub(hubDir, seed.coordinator.id, HUB_PORT);
    for (const d of desks) await until('drained and online', async () => {
      const s = await deskStatus(d);
      return s.mode === 'online' && s.waiting === 0;
    });
    expect(rows<{ n: number }>(hubDir, `SELECT count(*) AS n FROM arrivals`)[0]!.n).toBe(60);
    // Nothing was a conflict: each desk checked in its own people.
    expect(await must<unknown[]>(hub.ui, 'hub.conflicts', {}, hub.coordToken)).toEqual([]);
    for (const dir of dirs) await until(`copy ${dir} = hub`, () => JSON.stringify(arrivalIds(dir)) === JSON.stringify(arrivalIds(hubDir)));
  }, 180_000);

  it('partition: the same 50 invitations at two desks apart -> one arrival each and 50 conflicts; a desk SIGKILLed while apart keeps its queue', async () => {
    const proxy = faultProxy({ host: '127.0.0.9', port: 0 }, { host: '127.0.0.2', port: HUB_PORT });
    await proxy.start();
    const dirs = [path.join(root, 'd2'), path.join(root, 'd3')];
    let desks = [await startDesk(dirs[0]!, '127.0.0.5', hub, 'Desk 2', proxy.url), await startDesk(dirs[1]!, '127.0.0.6', hub, 'Desk 3', proxy.url)];
    running.push(...desks);
    for (const d of desks) await until('online', async () => (await deskStatus(d)).mode === 'online');
    const same = seed.invitations.slice(60, 110);
    for (const dir of dirs) await until('copy holds the invitations', () => rows(dir, `SELECT id FROM invitations`).length >= 110);

    await proxy.cut();
    for (const d of desks) await until('offline', async () => (await deskStatus(d)).mode === 'offline');
    const tokens = [await login(desks[0]!, seed.receptionists[2]!.id), await login(desks[1]!, seed.receptionists[3]!.id)];
    for (let i = 0; i < 2; i++) {
      for (const inv of same) {
        const r = await api(desks[i]!.ui, 'arrivals.checkIn', { invitationId: inv.id }, tokens[i]);
        expect(r.ok, JSON.stringify(r)).toBe(true);
      }
    }
    // Desk 3 dies while apart; started again it still has its 50 waiting changes.
    await desks[1]!.kill('SIGKILL');
    const restarted = await startDesk(dirs[1]!, '127.0.0.6', { hubUrl: proxy.url, fingerprint: hub.fingerprint }, 'Desk 3', proxy.url);
    running.push(restarted);
    desks = [desks[0]!, restarted];
    expect(await deskStatus(restarted)).toMatchObject({ mode: 'offline', waiting: 50 });
    expect(rows<{ n: number }>(dirs[1]!, `SELECT count(*) AS n FROM hub_outbox`)[0]!.n).toBe(50);

    await proxy.start();
    for (const d of desks) await until('drained and online', async () => {
      const s = await deskStatus(d);
      return s.mode === 'online' && s.waiting === 0;
    });
    const perInvitation = rows<{ n: number }>(hubDir, `SELECT count(*) AS n FROM arrivals WHERE invitation_id IN (${same.map((i) => `'${i.id}'`).join(',')}) GROUP BY invitation_id`);
    expect(perInvitation).toHaveLength(50);
    expect(perInvitation.every((r) => r.n === 1)).toBe(true);
    const conflicts = await must<{ kind: string; invitationId: string }[]>(hub.ui, 'hub.conflicts', {}, hub.coordToken);
    expect(conflicts).toHaveLength(50);
    expect(new Set(conflicts.map((c) => c.invitationId))).toEqual(new Set(same.map((i) => i.id)));
    expect(conflicts.every((c) => c.kind === 'double-arrival')).toBe(true);
    for (const dir of dirs) await until(`copy ${dir} = hub`, () => JSON.stringify(arrivalIds(dir)) === JSON.stringify(arrivalIds(hubDir)));
    await proxy.cut();
  }, 240_000);
});
