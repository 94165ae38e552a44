import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { X509Certificate } from 'node:crypto';
import { testApp, type TestApp } from '../testing/harness';
import { hubControl } from './control';
import { DeskLink, joinHub, loadPairing } from './desk';
import { HubClient, HubUnreachable } from './client';
import { HUB_PATHS } from './protocol';
import { PAIRING_MAX_FAILED } from './pairing';
import { until } from './testing';

const apps: TestApp[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
  for (const a of apps.splice(0)) a.cleanup();
});

async function hubOn(host = '127.0.0.2') {
  const hub = testApp();
  apps.push(hub);
  const coord = await hub.setup();
  const ctl = hubControl(hub, hub.dir);
  const info = await ctl.enable(true, host, 0);
  closers.push(() => ctl.close());
  return { hub, coord, ctl, info };
}

function desk() {
  const d = testApp();
  apps.push(d);
  return d;
}

describe('the hub listener and pairing', () => {
  it('makes its certificate at the first start, owner-only, and keeps it (same fingerprint) across restarts', async () => {
    const { hub, ctl, info } = await hubOn();
    expect(info.url).toMatch(/^https:\/\/127\.0\.0\.2:\d+$/);
    const dir = path.join(hub.dir, 'hub');
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    for (const f of ['hub-key.pem', 'hub-cert.pem']) expect(fs.statSync(path.join(dir, f)).mode & 0o777).toBe(0o600);
    const cert = new X509Certificate(fs.readFileSync(path.join(dir, 'hub-cert.pem')));
    expect(info.fingerprint).toBe(cert.fingerprint256);
    expect(cert.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    await ctl.enable(false);
    expect(ctl.info().enabled).toBe(false);
    const again = await ctl.enable(true, '127.0.0.2', 0);
    expect(again.fingerprint).toBe(info.fingerprint);
  });

  it('answers the contract over TLS only to a paired desk', async () => {
    const { info } = await hubOn();
    const seen = await import('./client').then((m) => m.probeHub(info.url!));
    const stranger = new HubClient({ url: info.url!, fingerprint: seen.fingerprint, certPem: seen.certPem, credential: 'not-a-credential' });
    closers.push(async () => stranger.close());
    const r = await stranger.request('POST', '/api/session.status', {});
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', details: { reason: 'desk' } } });
  });

  it('a pairing code works once, also for ten desks joining with it at the same moment', async () => {
    const { hub, coord, info } = await hubOn();
    const { code } = await hub.must('hub.createPairingCode', {}, coord);
    const desks = Array.from({ length: 10 }, () => desk());
    const results = await Promise.allSettled(desks.map((d, i) => joinHub(d, { url: info.url!, code, fingerprint: info.fingerprint!, name: `Desk ${i}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect((r.reason as { code?: string }).code).toBe('FORBIDDEN');
    expect(await hub.must('hub.desks', {}, coord)).toHaveLength(1);
    expect(desks.filter((d) => loadPairing(d) !== null)).toHaveLength(1);
    // And later, once more: still used.
    await expect(joinHub(desk(), { url: info.url!, code, fingerprint: info.fingerprint!, name: 'Late' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a code expires after ten minutes (injected clock), and wrong guesses wear live codes out', async () => {
    const { hub, coord, info } = await hubOn();
    const { code, expiresAt } = await hub.must('hub.createPairingCode', {}, coord);
    expect(Date.parse(expiresAt) - hub.clock().getTime()).toBe(10 * 60_000);
    hub.clock.advance(10 * 60_000);
    await expect(joinHub(desk(), { url: info.url!, code, fingerprint: info.fingerprint!, name: 'Too late' })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const fresh = await hub.must('hub.createPairingCode', {}, coord);
    for (let i = 0; i < PAIRING_MAX_FAILED; i++) {
      await expect(joinHub(desk(), { url: info.url!, code: 'WRONG-GUESS', fingerprint: info.fingerprint!, name: 'Guess' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(joinHub(desk(), { url: info.url!, code: fresh.code, fingerprint: info.fingerprint!, name: 'Worn' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await hub.must('hub.desks', {}, coord)).toHaveLength(0);
  });

  it('a desk refuses a hub with another fingerprint, at joining and afterwards', async () => {
    const { hub, coord, info, ctl } = await hubOn();
    const { code } = await hub.must('hub.createPairingCode', {}, coord);
    const d = desk();
    const other = 'AB:'.repeat(31) + 'AB';
    await expect(joinHub(d, { url: info.url!, code, fingerprint: other, name: 'D' })).rejects.toMatchObject({ reason: 'fingerprint' });
    expect(loadPairing(d)).toBeNull();
    // The code was not spent on the refused hub's behalf: the desk never sent it.
    const pairing = await joinHub(d, { url: info.url!, code, fingerprint: info.fingerprint!, name: 'D' });
    const port = Number(new URL(info.url!).port);

    // The hub's address now answers with another certificate (another installation).
    await ctl.close();
    const impostor = testApp();
    apps.push(impostor);
    const ictl = hubControl(impostor, impostor.dir);
    await ictl.enable(true, '127.0.0.2', port);
    closers.push(() => ictl.close());
    const client = new HubClient({ url: pairing.hubUrl, fingerprint: pairing.fingerprint, certPem: pairing.certPem, credential: pairing.credential });
    closers.push(async () => client.close());
    await expect(client.request('POST', HUB_PATHS.hello, { backlog: 0 })).rejects.toBeInstanceOf(HubUnreachable);
    await expect(client.request('POST', HUB_PATHS.hello, { backlog: 0 })).rejects.toMatchObject({ reason: 'tls' });
  });

  it('a revoked desk is refused from its next request on', async () => {
    const { hub, coord, info } = await hubOn();
    const { code } = await hub.must('hub.createPairingCode', {}, coord);
    const d = desk();
    const pairing = await joinHub(d, { url: info.url!, code, fingerprint: info.fingerprint!, name: 'Desk A' });
    const client = new HubClient({ url: pairing.hubUrl, fingerprint: pairing.fingerprint, certPem: pairing.certPem, credential: pairing.credential });
    closers.push(async () => client.close());
    expect((await client.request('POST', HUB_PATHS.hello, { backlog: 3 })).status).toBe(200);
    const [listed] = await hub.must('hub.desks', {}, coord);
    expect(listed).toMatchObject({ id: pairing.deskId, name: 'Desk A', backlog: 3, revokedAt: null });
    expect(listed!.lastSeenAt).not.toBeNull();
    await hub.must('hub.revokeDesk', { deskId: pairing.deskId }, coord);
    expect((await client.request('POST', HUB_PATHS.hello, { backlog: 0 })).status).toBe(403);
    expect((await client.request('POST', '/api/session.status', {})).status).toBe(403);
    // A desk link that starts after the revocation stops working instead of falling back to its copy.
    const link = new DeskLink(d, pairing);
    link.start();
    closers.push(() => link.stop());
    await until('the desk sees it was revoked', () => link.status().mode === 'revoked');
    expect(await link.dispatch('session.status', {}, null)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('joining from the UI (public methods)', () => {
  it('hub.probe and hub.join are refused once the desk has staff: a desk in use is never re-pointed', async () => {
    const { info } = await hubOn();
    const fresh = desk();
    expect(await fresh.call('hub.probe', { url: info.url! })).toMatchObject({ ok: true, value: { fingerprint: info.fingerprint } });
    await fresh.setup();
    expect(await fresh.call('hub.probe', { url: info.url! })).toMatchObject({ ok: false, error: { code: 'SETUP_DONE' } });
    expect(await fresh.call('hub.join', { url: info.url!, code: 'ABCDE-FGHJK', fingerprint: info.fingerprint!, name: 'X' })).toMatchObject({ ok: false, error: { code: 'SETUP_DONE' } });
    expect(await fresh.call('hub.probe', { url: 'http://127.0.0.1:9' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });
});
