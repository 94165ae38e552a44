/* eslint-disable no-restricted-imports -- this test starts a real desk server in-process to talk to over HTTP */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { createApp, type App } from '../src/core';
import { startServer } from '../src/server/server';
import { tempDir } from '../src/testing/harness';
import type { ChangeEvent } from '../src/api/method';
import { createApiClient, httpTransport, parseSse, type ApiClient } from './api';

let app: App;
let server: FastifyInstance;
let url: string;
let dir: string;

beforeAll(async () => {
  dir = tempDir('vaxdesk-renderer-api-');
  app = createApp({ dataDir: dir });
  ({ server, url } = await startServer({ app, port: 0 }));
});

afterAll(async () => {
  await server.close();
  app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function client(token: { value: string | null }, ended?: () => void): ApiClient {
  return createApiClient(httpTransport({ baseUrl: url, backoff: { minMs: 20, maxMs: 100 } }), {
    token: () => token.value,
    onSessionEnded: ended,
  });
}

function nextEvent(c: ApiClient, kind: ChangeEvent['kind'], timeoutMs = 5_000): { promise: Promise<ChangeEvent>; stop: () => void } {
  let stop = () => {};
  const promise = new Promise<ChangeEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${kind}" event within ${timeoutMs} ms`)), timeoutMs);
    stop = c.onChange((e) => {
      if (e.kind !== kind) return;
      clearTimeout(timer);
      resolve(e);
    });
  });
  return { promise, stop: () => stop() };
}

describe('api client over HTTP against a real desk server', () => {
  const token = { value: null as string | null };
  let ended = 0;
  const c = () => client(token, () => ended++);

  it('sets up, logs in with the returned token and makes a coordinator call', async () => {
    const status = await c().api['session.status']({});
    expect(status).toEqual({ ok: true, value: { setupRequired: true, centerRequired: true, staff: [] } });

    const setup = await c().api['setup.createFirstCoordinator']({ displayName: 'Anne Peeters', pin: '1234', locale: 'fr' });
    if (!setup.ok) throw new Error(setup.error.message);
    expect(setup.value.me).toMatchObject({ displayName: 'Anne Peeters', role: 'coordinator', locale: 'fr' });
    token.value = setup.value.token;

    const me = await c().api['session.me']({});
    expect(me.ok && me.value.displayName).toBe('Anne Peeters');
    const list = await c().api['staff.list']({});
    expect(list.ok && list.value.map((s) => s.displayName)).toEqual(['Anne Peeters']);
  });

  it('a change made on the server arrives over the event stream', async () => {
    const cl = c();
    const ev = nextEvent(cl, 'staff');
    // The stream must be open before the change: give the first connection a moment.
    await new Promise((r) => setTimeout(r, 150));
    const created = await cl.api['staff.create']({ displayName: 'Sofie Janssens', role: 'receptionist', pin: '3333', locale: 'nl' });
    expect(created.ok).toBe(true);
    const e = await ev.promise;
    ev.stop();
    expect(e.kind).toBe('staff');
    expect(Number.isNaN(Date.parse(e.at))).toBe(false);
  });

  it('the stream keeps retrying without a valid token and connects once there is one', async () => {
    const holder = { value: 'not-a-real-token' };
    const cl = client(holder);
    const ev = nextEvent(cl, 'settings');
    await new Promise((r) => setTimeout(r, 120)); // a few refused attempts (401) with backoff
    holder.value = token.value!;
    await new Promise((r) => setTimeout(r, 250));
    const r = await c().api['settings.updateSecurity']({ idleLockMinutes: 20 });
    expect(r.ok).toBe(true);
    await expect(ev.promise).resolves.toMatchObject({ kind: 'settings' });
    ev.stop();
  });

  it('refusals are values with the server code, and nothing is written', async () => {
    const bad = await c().api['staff.create']({ displayName: 'X', role: 'receptionist', pin: '12ab' } as never);
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error.code).toBe('INVALID_INPUT');
    const extra = await c().api['session.me']({ extra: 1 } as never);
    expect(!extra.ok && extra.error.code).toBe('INVALID_INPUT');
    const list = await c().api['staff.list']({});
    expect(list.ok && list.value.map((s) => s.displayName).sort()).toEqual(['Anne Peeters', 'Sofie Janssens']);

    const anonymous = await client({ value: null }).api['staff.list']({});
    expect(!anonymous.ok && anonymous.error.code).toBe('UNAUTHENTICATED');
  });

  it('a receptionist is refused coordinator methods (FORBIDDEN) without ending the session', async () => {
    const status = await c().api['session.status']({});
    const sofie = status.ok ? status.value.staff.find((s) => s.displayName === 'Sofie Janssens') : undefined;
    if (!sofie) throw new Error('Sofie is not on the login list');
    const login = await c().api['session.login']({ staffId: sofie.id, pin: '3333' });
    if (!login.ok) throw new Error(login.error.message);
    let endedHere = 0;
    const rc = client({ value: login.value.token }, () => endedHere++);
    const r = await rc.api['staff.list']({});
    expect(!r.ok && r.error.code).toBe('FORBIDDEN');
    expect(endedHere).toBe(0);
  });

  it('a call with a token that the server no longer knows reports the end of the session', async () => {
    const before = ended;
    const mine = { value: token.value };
    const cl = client(mine, () => ended++);
    expect((await cl.api['session.logout']({})).ok).toBe(true);
    const r = await cl.api['session.me']({});
    expect(!r.ok && r.error.code).toBe('UNAUTHENTICATED');
    expect(ended).toBe(before + 1);
  });
});

describe('api client transport failures never throw', () => {
  it('a server that is not there gives INTERNAL with details.network', async () => {
    const probe = http.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const cl = createApiClient(httpTransport({ baseUrl: `http://127.0.0.1:${port}` }), { token: () => null });
    const r = await cl.api['session.status']({});
    expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL', details: { network: true } } });
  });

  it('an answer that is not a Result (a proxy error page, broken JSON) gives INTERNAL', async () => {
    const bodies = ['<html>502 Bad Gateway</html>', '{"ok":true', '{"hello":"world"}', '{"ok":false,"error":{"code":5}}'];
    let i = 0;
    const odd = http.createServer((_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html' });
      res.end(bodies[i++ % bodies.length]);
    });
    await new Promise<void>((r) => odd.listen(0, '127.0.0.1', r));
    const port = (odd.address() as AddressInfo).port;
    try {
      const cl = createApiClient(httpTransport({ baseUrl: `http://127.0.0.1:${port}` }), { token: () => null });
      for (const _ of bodies) {
        const r = await cl.api['session.status']({});
        expect(r).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
      }
    } finally {
      await new Promise<void>((r) => odd.close(() => r()));
    }
  });
});

describe('parseSse', () => {
  it('handles events split across chunks, comments, CRLF and multi-line data', () => {
    const got: [string, string][] = [];
    const on = (e: string, d: string) => got.push([e, d]);
    let buf = parseSse(': connected\n\nevent: change\ndata: {"kind":', on);
    expect(got).toEqual([]);
    buf = parseSse(buf + '"staff"}\n\n: ping\r\n\r\nevent: change\r\ndata: a\r\ndata: b\r\n\r\nevent: x', on);
    expect(got).toEqual([
      ['change', '{"kind":"staff"}'],
      ['change', 'a\nb'],
    ]);
    expect(buf).toBe('event: x');
  });
});
