import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp, type TestApp } from '../testing/harness';
import { startServer } from './server';
import { dbFingerprint } from '../testing/fingerprint';
import { METHOD_NAMES } from '../api/contract';

let t: TestApp;
let server: FastifyInstance;
let url: string;
beforeEach(async () => {
  t = testApp();
  ({ server, url } = await startServer({ app: t, port: 0 }));
});
afterEach(async () => {
  await server.close();
  t.cleanup();
});

const post = (method: string, body: unknown, token?: string, headers: Record<string, string> = {}) =>
  fetch(`${url}api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('desk server', () => {
  it('binds to 127.0.0.1 by default', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('lists every method with its role and the JSON Schema of its input', async () => {
    const res = await fetch(`${url}api`);
    const body = (await res.json()) as { ok: true; value: { name: string; role: string; input: { type: string } }[] };
    expect(body.value.map((m) => m.name)).toEqual(METHOD_NAMES);
    const create = body.value.find((m) => m.name === 'staff.create')!;
    expect(create.role).toBe('coordinator');
    expect(create.input).toMatchObject({ type: 'object', additionalProperties: false, required: expect.arrayContaining(['displayName', 'role', 'pin']) });
  });

  it('logs in and calls a method with a bearer token, with the same envelope', async () => {
    const setup = await post('setup.createFirstCoordinator', { displayName: 'Ann', pin: '1234' });
    expect(setup.status).toBe(200);
    const { value } = (await setup.json()) as { value: { token: string } };
    const me = await post('session.me', {}, value.token);
    expect(await me.json()).toMatchObject({ ok: true, value: { displayName: 'Ann', role: 'coordinator' } });
  });

  it('answers each kind of bad request with its status and code, and writes nothing', async () => {
    const coord = await t.setup();
    const recep = await t.staffToken('receptionist', coord);
    const before = dbFingerprint(t.core.store.db);
    const cases: [Promise<Response>, number, string][] = [
      [post('staff.create', { displayName: 1 }, coord), 400, 'INVALID_INPUT'],
      [post('staff.create', '{"displayName": ', coord), 400, 'INVALID_INPUT'],
      [post('staff.create', { displayName: 'A', role: 'receptionist', pin: '1234' }), 401, 'UNAUTHENTICATED'],
      [post('staff.create', { displayName: 'A', role: 'receptionist', pin: '1234' }, 'forged-token'), 401, 'UNAUTHENTICATED'],
      [post('staff.create', { displayName: 'A', role: 'receptionist', pin: '1234' }, recep), 403, 'FORBIDDEN'],
      [post('staff.nope', {}, coord), 404, 'UNKNOWN_METHOD'],
      [post('staff.create', { displayName: 'x'.repeat(1_100_000) }, coord), 413, 'PAYLOAD_TOO_LARGE'],
      [post('staff.create', { displayName: 'A', role: 'receptionist', pin: '1234' }, coord, { origin: 'http://evil.example' }), 403, 'FORBIDDEN'],
      [fetch(`${url}api/staff.list`), 404, 'UNKNOWN_METHOD'],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body).toMatchObject({ ok: false, error: { code } });
      expect(body.error.message.length).toBeGreaterThan(5);
    }
    expect(dbFingerprint(t.core.store.db)).toBe(before);
  });

  it('streams change events to logged-in clients only', async () => {
    const coord = await t.setup();
    expect((await fetch(`${url}api/events`)).status).toBe(401);
    const ctrl = new AbortController();
    const res = await fetch(`${url}api/events`, { headers: { authorization: `Bearer ${coord}` }, signal: ctrl.signal });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    await reader.read(); // the ": connected" comment
    await post('staff.create', { displayName: 'Rita', role: 'receptionist', pin: '2468' }, coord);
    let text = '';
    while (!text.includes('\n\n') || !text.includes('event: change')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toMatch(/event: change\ndata: \{"kind":"staff","at":"[^"]+"\}/);
    ctrl.abort();
  });

  it('sends security headers', async () => {
    const res = await fetch(`${url}api`);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
