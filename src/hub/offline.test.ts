import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';
import { addInvitation, addLot, addPerson } from '../services/reception/test-fixtures';
import { localDate } from '../domain/time';
import { hubControl } from './control';
import { DeskLink, joinHub } from './desk';
import { until } from './testing';
import { applyReplays } from './replay';

const apps: TestApp[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  for (const a of apps.splice(0)) a.cleanup();
});

type Link = DeskLink;

async function center(deskCount: number) {
  const hub = testApp({ clockStart: '2021-03-01T09:00:00.000Z' });
  apps.push(hub);
  const coord = await hub.setup();
  const ctl = hubControl(hub, hub.dir);
  const info = await ctl.enable(true, '127.0.0.2', 0);
  closers.push(() => ctl.close());
  const port = Number(new URL(info.url!).port);
  const staff = await hub.must('staff.create', { displayName: 'Ann Desk', role: 'receptionist', pin: '4321' }, coord);
  const links: Link[] = [];
  const tokens: string[] = [];
  for (let i = 0; i < deskCount; i++) {
    const desk = testApp({ clockStart: '2021-03-01T09:00:00.000Z' });
    apps.push(desk);
    const { code } = await hub.must('hub.createPairingCode', {}, coord);
    const pairing = await joinHub(desk, { url: info.url!, code, fingerprint: info.fingerprint!, name: `Desk ${i}` });
    const link = new DeskLink(desk, pairing, { tickMs: 50 });
    link.start();
    closers.push(() => link.stop());
    links.push(link);
  }
  for (const l of links) await until('online', () => l.online);
  for (const l of links) {
    const r = await l.dispatch('session.login', { staffId: staff.id, pin: '4321' }, null);
    if (!r.ok) throw new Error(r.error.message);
    tokens.push((r.value as { token: string }).token);
  }
  const stopHub = () => ctl.close();
  const startHub = () => ctl.enable(true, '127.0.0.2', port);
  return { hub, coord, links, tokens, stopHub, startHub };
}

const count = (t: { core: TestApp["core"] }, sql: string, ...a: unknown[]) => (t.core.store.db.prepare(sql).get(...a) as { n: number }).n;

describe('offline: the desk works on its copy and sends its changes later', () => {
  it('switches to its copy when the hub is gone, queues replayable writes with the write, refuses the rest, and switches back', async () => {
    const { hub, links, tokens, stopHub, startHub, coord } = await center(1);
    const [link] = links as [Link];
    const [tok] = tokens as [string];
    const day = localDate(hub.clock());
    const invs = Array.from({ length: 3 }, (_, i) => addInvitation(hub, addPerson(hub, { familyName: `Off${i}`, givenName: 'G' }).id, { day }));
    const lot = addLot(hub, { vials: 1, dosesPerVial: 1 });
    await until('copy has the invitations and the lot', () => count(link.app, `SELECT count(*) n FROM invitations`) === 3 && count(link.app, `SELECT count(*) n FROM lots`) === 1);

    await stopHub();
    // The first call after the hub went away already answers, from the copy.
    const r = await link.dispatch('arrivals.checkIn', { invitationId: invs[0]!.id }, tok);
    expect(r.ok).toBe(true);
    expect(link.status()).toMatchObject({ mode: 'offline', waiting: 1, banner: 'Hub unreachable — working on this desk, 1 change waiting' });
    expect(await link.dispatch('hub.status', {}, null)).toMatchObject({ ok: true, value: { mode: 'offline', waiting: 1 } });
    // The write and its queue entry are in the desk's file together.
    expect(count(link.app, `SELECT count(*) n FROM arrivals WHERE invitation_id = ?`, invs[0]!.id)).toBe(1);
    expect(count(link.app, `SELECT count(*) n FROM hub_outbox WHERE method = 'arrivals.checkIn'`)).toBe(1);
    // Searching works on the copy; a write that belongs to the hub is refused, and nothing is queued.
    expect((await link.dispatch('day.list', {}, tok)).ok).toBe(true);
    expect(await link.dispatch('staff.create', { displayName: 'X', role: 'receptionist', pin: '1111' }, tok)).toMatchObject({ ok: false, error: { code: 'HUB_UNAVAILABLE' } });
    // A refused check-in (already in) queues nothing either.
    expect(await link.dispatch('arrivals.checkIn', { invitationId: invs[0]!.id }, tok)).toMatchObject({ ok: false, error: { code: 'ALREADY_CHECKED_IN' } });
    // Two doses from a lot with one dose left: both given, both recorded, the lot goes below zero.
    await link.dispatch('arrivals.checkIn', { invitationId: invs[1]!.id }, tok);
    for (const inv of invs.slice(0, 2)) expect(await link.dispatch('outcomes.record', { invitationId: inv.id, outcome: 'vaccinated', lotId: lot }, tok)).toMatchObject({ ok: true });
    expect(link.status().waiting).toBe(4);

    await startHub();
    await until('back online with the queue drained', () => link.online && link.status().waiting === 0);
    expect(count(hub, `SELECT count(*) n FROM arrivals`)).toBe(2);
    expect(count(hub, `SELECT count(*) n FROM outcomes WHERE outcome = 'vaccinated'`)).toBe(2);
    expect(hub.core.store.lots.balance(lot)?.balance).toBe(-1);
    expect(count(hub, `SELECT count(*) n FROM audit_log WHERE action = 'lot.belowZero'`)).toBe(1);
    // Applied as the staff member who did it at the desk, at the time it was done there.
    const a = hub.core.store.arrivals.arrival(invs[0]!.id)!;
    expect(a).toMatchObject({ staffName: 'Ann Desk', deskId: link.pairing.deskId });
    expect(await hub.must('hub.conflicts', {}, coord)).toEqual([]);
    // After the replay the copy takes the hub's rows again (the hub's ids, not the desk's own).
    await until('copy = hub', () => link.app.core.store.arrivals.arrival(invs[0]!.id)?.id === a.id);
  }, 60_000);

  it('the same invitations checked in at two desks while apart: one arrival each, the second a conflict to settle (audited)', async () => {
    const { hub, coord, links, tokens, stopHub, startHub } = await center(2);
    const day = localDate(hub.clock());
    const invs = Array.from({ length: 5 }, (_, i) => addInvitation(hub, addPerson(hub, { familyName: `Both${i}`, givenName: 'G' }).id, { day }));
    for (const l of links) await until('copy', () => count(l.app, `SELECT count(*) n FROM invitations`) === 5);
    await stopHub();
    for (let d = 0; d < 2; d++) {
      for (const inv of invs) {
        hub.clock.advance(1000);
        (links[d]!.app as TestApp).clock.set(hub.clock().toISOString());
        expect((await links[d]!.dispatch('arrivals.checkIn', { invitationId: inv.id }, tokens[d]!)).ok).toBe(true);
      }
    }
    await startHub();
    for (const l of links) await until('drained', () => l.online && l.status().waiting === 0);
    expect(count(hub, `SELECT count(*) n FROM arrivals`)).toBe(5);
    const conflicts = await hub.must('hub.conflicts', {}, coord);
    expect(conflicts).toHaveLength(5);
    for (const c of conflicts) {
      expect(c).toMatchObject({ kind: 'double-arrival', errorCode: 'ALREADY_CHECKED_IN', staffName: 'Ann Desk', settledAt: null });
      expect(c.first).toMatchObject({ staffName: 'Ann Desk' });
      expect(c.first.deskId).not.toBe(c.deskId);
      expect(invs.map((i) => i.id)).toContain(c.invitationId);
    }
    // A replay sent twice (its answer lost) is applied once, answered from the record the second time.
    const again = addInvitation(hub, addPerson(hub, { familyName: 'Twice', givenName: 'G' }).id, { day });
    const deskRow = hub.core.store.hub.desks()[0]!;
    const staffId = hub.core.store.arrivals.arrival(invs[0]!.id)!.staffId!;
    const entry = { requestId: 'req-twice-0001', method: 'arrivals.checkIn', input: { invitationId: again.id }, staffId, at: hub.clock().toISOString() };
    const [first] = await applyReplays(hub.core, deskRow, [entry]);
    const [second] = await applyReplays(hub.core, deskRow, [entry]);
    expect(first!.outcome).toBe('applied');
    expect(second!.outcome).toBe('applied');
    expect(count(hub, `SELECT count(*) n FROM arrivals WHERE invitation_id = ?`, again.id)).toBe(1);
    expect(await hub.must('hub.conflicts', {}, coord)).toHaveLength(5);
    const settled = await hub.must('hub.settleConflict', { conflictId: conflicts[0]!.id, settlement: 'keptFirst', note: 'same person, one visit' }, coord);
    expect(settled.settledAt).not.toBeNull();
    expect(await hub.call('hub.settleConflict', { conflictId: conflicts[0]!.id, settlement: 'keptFirst', note: 'again please' }, coord)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(await hub.must('hub.conflicts', {}, coord)).toHaveLength(4);
    expect(count(hub, `SELECT count(*) n FROM audit_log WHERE action = 'hub.conflictSettled'`)).toBe(1);
  }, 60_000);
});
