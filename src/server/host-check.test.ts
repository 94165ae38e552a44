import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { tempDir, testApp, type TestApp } from '../testing/harness';
import { startServer } from './server';
import { allowedHostNames, isAllowedHost } from './host-check';

let t: TestApp;
let server: FastifyInstance;
let staticDir: string;
afterEach(async () => {
  await server?.close();
  t?.cleanup();
  if (staticDir) fs.rmSync(staticDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: string;
  contentType: string | undefined;
}

/** A raw request, so the Host header is exactly what an attacker's browser would send. */
function raw(port: number, opts: { method?: string; path: string; host?: string | null; origin?: string; token?: string; body?: unknown }): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (opts.origin) headers.origin = opts.origin;
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    if (body) headers['content-type'] = 'application/json';
    const req = http.request({ host: '127.0.0.1', port, method: opts.method ?? 'GET', path: opts.path, headers, setHost: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      // The event stream never ends on its own: its first bytes are enough.
      res.on('data', (c: string) => {
        data += c;
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          req.destroy();
          resolve({ status: res.statusCode!, body: data, contentType: res.headers['content-type'] });
        }
      });
      res.on('end', () => resolve({ status: res.statusCode!, body: data, contentType: res.headers['content-type'] }));
    });
    if (opts.host !== null) req.setHeader('host', opts.host ?? `127.0.0.1:${port}`);
    req.on('error', reject);
    req.end(body);
  });
}

describe('Host names the desk server answers (DNS rebinding, issue 13 item 2)', () => {
  it('refuses a rebound name with 421 on the API, the event stream and the static files, and answers its own names', async () => {
    t = testApp();
    staticDir = tempDir('vaxdesk-static-');
    fs.writeFileSync(path.join(staticDir, 'index.html'), '<!doctype html><title>VaxDesk</title>');
    let url: string;
    ({ server, url } = await startServer({ app: t, port: 0, staticDir, allowedHosts: ['desk1.center.lan'] }));
    const port = Number(new URL(url).port);
    const coord = await t.setup();
    const evil = `rebind.attacker.test:${port}`;
    const evilOrigin = `http://${evil}`;

    const refused: [string, Promise<Answer>][] = [
      ['rebound page calls the API', raw(port, { method: 'POST', path: '/api/session.status', host: evil, origin: evilOrigin, body: {} })],
      ['rebound page with a stolen token', raw(port, { method: 'POST', path: '/api/invitations.search', host: evil, origin: evilOrigin, token: coord, body: { query: 'a' } })],
      ['rebound page without Origin', raw(port, { method: 'POST', path: '/api/session.status', host: evil, body: {} })],
      ['event stream', raw(port, { path: '/api/events', host: evil, token: coord })],
      ['static index', raw(port, { path: '/', host: evil })],
      ['static file', raw(port, { path: '/index.html', host: evil })],
      ['a loopback name as a prefix', raw(port, { path: '/', host: `127.0.0.1.attacker.test:${port}` })],
      ['localhost as a subdomain', raw(port, { path: '/', host: `localhost.attacker.test:${port}` })],
      ['a Host with a user part', raw(port, { path: '/', host: `127.0.0.1@attacker.test:${port}` })],
    ];
    for (const [what, pending] of refused) {
      const a = await pending;
      expect({ what, status: a.status }).toEqual({ what, status: 421 });
      expect(a.body).not.toContain('<title>VaxDesk');
      expect(a.body).not.toContain('setupRequired');
    }

    // Node refuses an HTTP/1.1 request without Host before any hook runs (400): refused all the same.
    const noHost = await raw(port, { path: '/', host: null });
    expect([400, 421]).toContain(noHost.status);
    expect(noHost.body).not.toContain('<title>VaxDesk');

    const answered: [string, Promise<Answer>, number][] = [
      ['127.0.0.1', raw(port, { method: 'POST', path: '/api/session.status', body: {}, origin: `http://127.0.0.1:${port}` }), 200],
      ['localhost', raw(port, { method: 'POST', path: '/api/session.status', host: `localhost:${port}`, origin: `http://localhost:${port}`, body: {} }), 200],
      ['[::1]', raw(port, { method: 'POST', path: '/api/session.status', host: `[::1]:${port}`, origin: `http://[::1]:${port}`, body: {} }), 200],
      ['an upper-case name', raw(port, { path: '/', host: `LOCALHOST:${port}` }), 200],
      ['a name given with --allow-host', raw(port, { path: '/', host: `desk1.center.lan:${port}` }), 200],
      ['the stream by its own name', raw(port, { path: '/api/events', token: coord }), 200],
      // Right Host, wrong Origin: a cross-origin page, refused as before.
      ['a foreign Origin', raw(port, { method: 'POST', path: '/api/session.status', origin: evilOrigin, body: {} }), 403],
    ];
    for (const [what, pending, status] of answered) {
      const a = await pending;
      expect({ what, status: a.status }).toEqual({ what, status });
    }
  });

  it('answers the addresses of this PC when bound to all of them, and a given bind address', () => {
    const all = allowedHostNames('0.0.0.0');
    expect(all.has('127.0.0.1')).toBe(true);
    expect(all.has('localhost')).toBe(true);
    expect(all.has('rebind.attacker.test')).toBe(false);
    const one = allowedHostNames('127.0.0.2');
    expect(isAllowedHost('127.0.0.2:5180', one)).toBe(true);
    expect(isAllowedHost('127.0.0.3:5180', one)).toBe(false);
    expect(isAllowedHost('[::1]', allowedHostNames('::1'))).toBe(true);
  });
});
