import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';
import { addInvitation, addPerson } from '../services/reception/test-fixtures';
import { addDays, localDate } from '../domain/time';
import { hubControl } from './control';
import { DeskLink, joinHub } from './desk';
import { pruneFeed, windowOf } from './feed';
import { until } from './testing';

const apps: TestApp[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  for (const a of apps.splice(0)) a.cleanup();
});

async function setup() {
  const hub = testApp({ clockStart: '2021-03-01T09:00:00.000Z' });
  apps.push(hub);
  const coord = await hub.setup();
  const ctl = hubControl(hub, hub.dir);
  const info = await ctl.enable(true, '127.0.0.2', 0);
  closers.push(() => ctl.close());
  const desk = testApp({ clockStart: '2021-03-01T09:00:00.000Z' });
  apps.push(desk);
  const { code } = await hub.must('hub.createPairingCode', {}, coord);
  const pairing = await joinHub(desk, { url: info.url!, code, fingerprint: info.fingerprint!, name: 'Desk' });
  return { hub, coord, desk, pairing };
}

function link(desk: TestApp, pairing: Awaited<ReturnType<typeof joinHub>>) {
  const l = new DeskLink(desk, pairing, { tickMs: 50 });
  l.start();
  closers.push(() => l.stop());
  return l;
}

const ids = (t: TestApp, sql: string, ...args: unknown[]) => (t.core.store.db.prepare(sql).all(...args) as { id: string }[]).map((r) => r.id).sort();

/** The desk's copy holds exactly the hub's rows for the hub's window (and all staff and lots). */
function expectCopyEqualsHub(hub: TestApp, desk: TestApp) {
  const w = windowOf(hub.clock());
  const inv = `SELECT id FROM invitations WHERE day BETWEEN ? AND ?`;
  expect(ids(desk, inv, w.from, w.to)).toEqual(ids(hub, inv, w.from, w.to));
  const arr = `SELECT a.id FROM arrivals a JOIN invitations i ON i.id = a.invitation_id WHERE i.day BETWEEN ? AND ?`;
  expect(ids(desk, arr, w.from, w.to)).toEqual(ids(hub, arr, w.from, w.to));
  for (const t of ['staff', 'lots']) expect(ids(desk, `SELECT id FROM ${t}`)).toEqual(ids(hub, `SELECT id FROM ${t}`));
  const hashes = (x: TestApp) => x.core.store.db.prepare(`SELECT id, pin_hash FROM staff ORDER BY id`).all();
  expect(hashes(desk)).toEqual(hashes(hub));
}

function seedDay(hub: TestApp, day: string, n: number) {
  return Array.from({ length: n }, (_, i) => addInvitation(hub, addPerson(hub, { familyName: `Fam${day}${i}`, givenName: 'G' }).id, { day }));
}

describe('the change feed and the desk copy', () => {
  it('a first start takes a snapshot; then a desk two days behind catches up through the feed', async () => {
    const { hub, coord, desk, pairing } = await setup();
    const today = localDate(hub.clock());
    seedDay(hub, today, 20);
    seedDay(hub, addDays(today, 5), 3); // outside the window: stays on the hub
    const first = link(desk, pairing);
    await until('first copy', () => first.stats.snapshots === 1 && first.online);
    expectCopyEqualsHub(hub, desk);
    expect(ids(desk, `SELECT id FROM invitations WHERE day > ?`, addDays(today, 2))).toEqual([]);
    await first.stop();

    // Two days pass on the hub without the desk: new days come into the window, people check in.
    await hub.must('staff.create', { displayName: 'New colleague', role: 'receptionist', pin: '5555' }, coord);
    const newColleague = (await hub.must('session.status', {})).staff.find((x) => x.displayName === 'New colleague')!;
    for (let d = 1; d <= 2; d++) {
      hub.clock.advance(24 * 3600_000);
      const rec = (await hub.must('session.login', { staffId: newColleague.id, pin: '5555' })).token;
      const day = localDate(hub.clock());
      const invs = seedDay(hub, addDays(day, 2), 10);
      for (const inv of seedDay(hub, day, 5)) await hub.must('arrivals.checkIn', { invitationId: inv.id }, rec);
      expect(invs).toHaveLength(10);
    }

    const again = link(desk, pairing);
    await until('caught up', async () => again.online && again.stats.feedPages > 0 && desk.core.store.settings.get<number>('hub.cursor') === hub.core.store.hub.feedBounds().newest);
    expect(again.stats.snapshots).toBe(0);
    expectCopyEqualsHub(hub, desk);
    // The new colleague can log in at the desk from its copy (PIN hash copied).
    expect(desk.core.store.staff.get(newColleague.id)?.pinHash).toBe(hub.core.store.staff.get(newColleague.id)!.pinHash);
  }, 60_000);

  it('a desk behind what the hub keeps of its feed gets a snapshot instead', async () => {
    const { hub, coord, desk, pairing } = await setup();
    const today = localDate(hub.clock());
    seedDay(hub, today, 5);
    const first = link(desk, pairing);
    await until('first copy', () => first.stats.snapshots === 1 && first.online);
    await first.stop();
    const rec = await hub.staffToken('receptionist', coord);
    for (const inv of seedDay(hub, today, 30)) await hub.must('arrivals.checkIn', { invitationId: inv.id }, rec);
    expect(pruneFeed(hub.core, 10)).toBeGreaterThan(0);
    const again = link(desk, pairing);
    await until('caught up', () => again.online && again.stats.snapshots === 1);
    expectCopyEqualsHub(hub, desk);
    expect(ids(desk, `SELECT id FROM arrivals`)).toHaveLength(30);
  }, 60_000);
});
