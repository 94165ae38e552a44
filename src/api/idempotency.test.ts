import net from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createApp } from '../core';
import { testApp, type TestApp } from '../testing/harness';
import { startServer } from '../server/server';
import { addInvitation, addLot, addPerson, configureCenter } from '../services/reception/test-fixtures';

let t: TestApp;
let coord: string;
let tok: string;
beforeEach(async () => {
  t = testApp();
  configureCenter(t);
  coord = await t.setup();
  tok = await t.staffToken('receptionist', coord, 'Rita Desk');
});
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  t?.cleanup();
});

const walkin = { niss: '85.07.30-033.28', familyName: 'Dubois', givenName: 'Chloé', birthDate: '1985-07-30', reason: 'Lost her letter' };
const walkins = () => t.core.store.db.prepare(`SELECT count(*) AS n FROM people WHERE niss = '85073003328'`).get() as { n: number };
const outboxWalkins = () => t.core.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'walkin'`).get() as { n: number };

/**
 * A TCP proxy that passes the request on and cuts the client off the moment the answer starts:
 * the write has committed, the desk never hears so (a cable pulled, a Wi-Fi drop).
 */
async function answerLosingProxy(target: URL): Promise<{ url: string; forwarded: () => number }> {
  let forwarded = 0;
  const proxy = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    client.on('data', (d) => {
      forwarded += 1;
      upstream.write(d);
    });
    upstream.once('data', () => {
      client.destroy();
      upstream.destroy();
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise<void>((r) => proxy.close(() => r())));
  const port = (proxy.address() as net.AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/`, forwarded: () => forwarded };
}

async function server(): Promise<string> {
  const s: { server: FastifyInstance; url: string } = await startServer({ app: t, port: 0 });
  closers.push(() => s.server.close());
  return s.url;
}

const post = (base: string, method: string, body: unknown, requestId?: string) =>
  fetch(`${base}api/${method}`, {
    method: 'POST',
    // The proxy passes the Host on unchanged, so the desk server sees the name it answers to.
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}`, ...(requestId ? { 'idempotency-key': requestId } : {}) },
    body: JSON.stringify(body),
  });

describe('request ids make writes safe to retry (issue 13, item 14)', () => {
  it('a walk-in whose answer was lost, retried with the same id over HTTP: the first answer, one walk-in', async () => {
    const direct = await server();
    const proxy = await answerLosingProxy(new URL(direct));
    const id = 'walkin-3b9f2c1e-0001';
    const lost = await post(proxy.url, 'walkins.register', walkin, id).then(
      () => 'answered',
      () => 'lost',
    );
    expect(lost).toBe('lost');
    expect(proxy.forwarded()).toBeGreaterThan(0);
    expect(walkins().n).toBe(1);

    const retry = await post(direct, 'walkins.register', walkin, id);
    expect(retry.status).toBe(200);
    const body = (await retry.json()) as { ok: true; value: { matchedExisting: boolean; hit: { invitationId: string; status: string } } };
    expect(body).toMatchObject({ ok: true, value: { matchedExisting: false, hit: { status: 'arrived' } } });
    expect(walkins().n).toBe(1);
    expect(outboxWalkins().n).toBe(1);
    const audits = t.core.store.audit.recent(1e9, 100).filter((a) => a.action.startsWith('walkin'));
    expect(audits).toHaveLength(1);

    // Without an id the same retry is a second request, refused as it always was.
    const again = await post(direct, 'walkins.register', walkin);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('CONFLICT');
  });

  it('check-ins and outcomes: a retry gets the first answer, not ALREADY_CHECKED_IN or a second dose', async () => {
    const inv = addInvitation(t, addPerson(t, { familyName: 'Peeters', givenName: 'Jan' }).id, { day: '2021-03-01' });
    const lot = addLot(t, { vials: 1 });
    const first = await t.dispatch('arrivals.checkIn', { invitationId: inv.id }, tok, { requestId: 'checkin-000001' });
    t.clock.advance(30_000);
    const retry = await t.dispatch('arrivals.checkIn', { invitationId: inv.id }, tok, { requestId: 'checkin-000001' });
    expect(first.ok).toBe(true);
    expect(retry).toEqual(first);

    const shot = { invitationId: inv.id, outcome: 'vaccinated' as const, lotId: lot };
    const [a, b] = await Promise.all([
      t.dispatch('outcomes.record', shot, tok, { requestId: 'outcome-000001' }),
      t.dispatch('outcomes.record', shot, tok, { requestId: 'outcome-000001' }),
    ]);
    expect(a.ok).toBe(true);
    expect(b).toEqual(a);
    const c = await t.dispatch('outcomes.record', shot, tok, { requestId: 'outcome-000001' });
    expect(c).toEqual(a);
    const doses = t.core.store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'immunization'`).get() as { n: number };
    expect(doses.n).toBe(1);
  });

  it('keeps the first answer across a restart, per staff member and desk, and refuses an id reused for another request', async () => {
    const r1 = await t.dispatch('walkins.register', walkin, tok, { requestId: 'walkin-restart-1' });
    expect(r1.ok).toBe(true);
    const rita = t.core.store.staff.list().find((s) => s.displayName === 'Rita Desk')!.id;
    t.close();
    const reopened = createApp({ dataDir: t.dir, clock: t.clock });
    closers.push(() => reopened.close());
    const login = await reopened.dispatch('session.login', { staffId: rita, pin: '4321' }, null);
    expect(login.ok).toBe(true);
    const tok2 = (login as { value: { token: string } }).value.token;
    expect(await reopened.dispatch('walkins.register', walkin, tok2, { requestId: 'walkin-restart-1' })).toEqual(r1);
    expect(await reopened.dispatch('walkins.register', { ...walkin, reason: 'Other reason' }, tok2, { requestId: 'walkin-restart-1' })).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT' },
    });
    // Another desk's id space is its own: the same id is a new request there (refused by the rules).
    const other = await reopened.dispatch('session.login', { staffId: rita, pin: '4321', deskId: 'desk-2' }, null);
    const tok3 = (other as { value: { token: string } }).value.token;
    expect(await reopened.dispatch('walkins.register', walkin, tok3, { requestId: 'walkin-restart-1' })).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('keeps nothing for reads and for refused writes, and refuses a malformed id', async () => {
    const n = () => (t.core.store.db.prepare(`SELECT count(*) AS n FROM request_log`).get() as { n: number }).n;
    await t.dispatch('day.list', { day: '2021-03-01' }, tok, { requestId: 'read-00000001' });
    const bad = await t.dispatch('walkins.register', { ...walkin, birthDate: '1985-07-31' }, tok, { requestId: 'walkin-bad-0001' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(n()).toBe(0);
    // The corrected request may reuse the id: the refused one wrote nothing.
    expect(await t.dispatch('walkins.register', walkin, tok, { requestId: 'walkin-bad-0001' })).toMatchObject({ ok: true });
    expect(n()).toBe(1);
    for (const id of ['short', 'x'.repeat(101), 'has space in it', 42]) {
      expect(await t.dispatch('walkins.register', walkin, tok, { requestId: id as string })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
  });
});
