import { afterEach, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { testApp, type TestApp } from '../testing/harness';
import { startServer } from './server';

let t: TestApp;
let server: FastifyInstance;
afterEach(async () => {
  await server?.close();
  t?.cleanup();
});

describe('PIN lockout over real HTTP (issue 13, item 1)', () => {
  it('a burst of 150 parallel logins, 149 wrong and the right one last, ends locked and with no session', { timeout: 240_000 }, async () => {
    t = testApp();
    let url: string;
    ({ server, url } = await startServer({ app: t, port: 0 }));
    const coord = await t.setup();
    const target = await t.must('staff.create', { displayName: 'Karel Coord', role: 'coordinator', pin: '8642' }, coord);
    const login = (pin: string) =>
      fetch(`${url}api/session.login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ staffId: target.id, pin }) })
        .then((r) => r.json() as Promise<{ ok: boolean; error?: { code: string } }>);
    const pins = Array.from({ length: 149 }, (_, i) => String(1000 + i)).concat('8642');
    const answers = await Promise.all(pins.map(login));

    const codes: Record<string, number> = {};
    for (const a of answers) {
      const k = a.ok ? 'OK' : a.error!.code;
      codes[k] = (codes[k] ?? 0) + 1;
    }
    expect(codes.OK ?? 0).toBe(0);
    // Exactly the five allowed guesses were checked; the rest were refused without a check.
    expect(codes.WRONG_PIN).toBe(4);
    expect((codes.ACCOUNT_LOCKED ?? 0) + (codes.RATE_LIMITED ?? 0)).toBe(146);
    const row = t.core.store.staff.get(target.id)!;
    expect(Date.parse(row.lockedUntil!)).toBeGreaterThan(t.clock().getTime());
    expect(row.failedAttempts).toBe(5);
    let sessions = 0;
    t.core.sessions.forEach((s) => (sessions += s.staffId === target.id ? 1 : 0));
    expect(sessions).toBe(0);
    // The right PIN is still refused while the lock lasts.
    expect(await login('8642')).toMatchObject({ ok: false, error: { code: expect.stringMatching(/ACCOUNT_LOCKED|RATE_LIMITED/) } });
  });
});
