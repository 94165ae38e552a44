import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { tempDir } from '../testing/harness';
import { api, deskStatus, must, seedHub, startDesk, startHub, type DeskProc, type HubProc } from './processes';
import { until } from './testing';

/**
 * Real processes on loopback addresses: a hub on 127.0.0.2 and five desks on 127.0.0.3-7, each
 * its own data folder, TLS between them.
 */
const root = tempDir('vaxdesk-hub-online-');
let hub: HubProc;
const desks: DeskProc[] = [];
let seed: Awaited<ReturnType<typeof seedHub>>;

beforeAll(async () => {
  seed = await seedHub(path.join(root, 'hub'), { receptionists: 5, invitations: 200 });
  hub = await startHub(path.join(root, 'hub'), seed.coordinator.id);
  for (let i = 0; i < 5; i++) desks.push(await startDesk(path.join(root, `desk${i}`), `127.0.0.${3 + i}`, hub, `Desk ${i}`));
  for (const d of desks) await until(`${d.ui} online`, async () => (await deskStatus(d)).mode === 'online');
}, 180_000);

afterAll(async () => {
  for (const d of desks) await d.kill();
  await hub?.kill();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('online: every call through the hub', () => {
  it('lists the five desks on the hub', async () => {
    const list = await must<{ name: string; lastSeenAt: string | null }[]>(hub.ui, 'hub.desks', {}, hub.coordToken);
    expect(list.map((d) => d.name).sort()).toEqual(['Desk 0', 'Desk 1', 'Desk 2', 'Desk 3', 'Desk 4']);
    for (const d of list) expect(d.lastSeenAt).not.toBeNull();
  });

  it('5 desks × 200 check-ins of the same 200 invitations at once: one arrival each, the hub decides', async () => {
    const tokens = await Promise.all(desks.map((d, i) => must<{ token: string }>(d.ui, 'session.login', { staffId: seed.receptionists[i]!.id, pin: '4321' }).then((r) => r.token)));
    const results = await Promise.all(
      desks.flatMap((d, i) => seed.invitations.map((inv) => api(d.ui, 'arrivals.checkIn', { invitationId: inv.id }, tokens[i]))),
    );
    const codes = results.map((r) => (r.ok ? 'ok' : r.error.code));
    const fellBack = desks.flatMap((d) => d.out.filter((l) => l.includes('hub unreachable')));
    expect(fellBack, 'a desk fell back to its copy').toEqual([]);
    expect(codes.filter((c) => c === 'ok')).toHaveLength(200);
    expect(codes.filter((c) => c === 'ALREADY_CHECKED_IN')).toHaveLength(800);
    // No desk fell back to its copy during the run: nothing is waiting to be sent.
    for (const d of desks) expect(await deskStatus(d)).toMatchObject({ mode: 'online', waiting: 0 });
    // The hub's file: one arrival per invitation, made at the desks (their ids, not the hub's).
    const db = new Database(path.join(root, 'hub', 'vaxdesk.sqlite'), { readonly: true });
    try {
      const rows = db.prepare(`SELECT invitation_id AS inv, count(*) AS n FROM arrivals GROUP BY invitation_id`).all() as { inv: string; n: number }[];
      expect(rows).toHaveLength(200);
      expect(rows.every((r) => r.n === 1)).toBe(true);
      const byDesk = db.prepare(`SELECT count(DISTINCT desk_id) AS n FROM arrivals`).get() as { n: number };
      expect(byDesk.n).toBeGreaterThan(1);
      const deskIds = (db.prepare(`SELECT id FROM hub_desks`).all() as { id: string }[]).map((r) => r.id);
      for (const r of db.prepare(`SELECT DISTINCT desk_id AS d FROM arrivals`).all() as { d: string }[]) expect(deskIds).toContain(r.d);
    } finally {
      db.close();
    }
    // Every desk's counters show the hub's numbers, and its copy follows the feed to the same 200.
    for (let i = 0; i < desks.length; i++) {
      const c = await must<{ total: { arrived: number } }>(desks[i]!.ui, 'day.counters', {}, tokens[i]);
      expect(c.total.arrived).toBe(200);
    }
    for (let i = 0; i < desks.length; i++) {
      await until(`desk ${i} copy has the 200 arrivals`, () => {
        const db = new Database(path.join(root, `desk${i}`, 'vaxdesk.sqlite'), { readonly: true });
        try {
          return (db.prepare(`SELECT count(*) AS n FROM arrivals`).get() as { n: number }).n === 200;
        } finally {
          db.close();
        }
      });
    }
  }, 180_000);

  it('a change made through one desk reaches another desk as a change event', async () => {
    const token = (await must<{ token: string }>(desks[1]!.ui, 'session.login', { staffId: seed.receptionists[1]!.id, pin: '4321' })).token;
    const ctl = new AbortController();
    const res = await fetch(`${desks[1]!.ui.replace(/\/$/, '')}/api/events`, { headers: { authorization: `Bearer ${token}` }, signal: ctl.signal });
    const reader = res.body!.getReader();
    const seen = (async () => {
      let text = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return text;
        text += Buffer.from(value).toString('utf8');
        if (text.includes('"kind":"settings"')) return text;
      }
    })();
    const coord0 = (await must<{ token: string }>(desks[0]!.ui, 'session.login', { staffId: seed.coordinator.id, pin: '1234' })).token;
    await must(desks[0]!.ui, 'settings.updateSecurity', { idleLockMinutes: 30 }, coord0);
    expect(await seen).toContain('"kind":"settings"');
    ctl.abort();
  }, 60_000);
});
