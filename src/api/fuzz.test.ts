import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { testApp, type TestApp } from '../testing/harness';
import { dbFingerprint } from '../testing/fingerprint';
import { METHOD_NAMES, contract } from './contract';
import { startServer } from '../server/server';
import { recordFigures } from '../../tests/figures';

/**
 * Hostile input against every method of the contract (so new methods are covered without
 * touching this file): random JSON, boundary values, prototype keys, huge strings and deep nesting,
 * with no session, a receptionist's and a coordinator's. The dispatcher must always answer with a
 * Result, and a refused call must leave the database exactly as it was.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

let t: TestApp;
let tokens: (string | null)[];
let server: FastifyInstance;
let url: string;
const figures = { cases: 0, refused: 0, accepted: 0, thrown: 0, refusedButChanged: 0, httpCases: 0, http5xx: 0 };

// Refusals that legitimately write: a wrong PIN is counted (and audited) to lock the account.
const WRITES_WHEN_REFUSED = new Set(['WRONG_PIN', 'ACCOUNT_LOCKED']);

const protoKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf');
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\u202e', "'; DROP TABLE staff; --", '<img src=x onerror=alert(1)>', '../../etc/passwd', '9'.repeat(400), 'x'.repeat(70_000)),
);
const leaf = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constantFrom(-1, 0, 2 ** 53, -(2 ** 31), Number.MAX_SAFE_INTEGER));
const hostileValue = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 5 }),
  object: fc.dictionary(fc.oneof(fc.string({ maxLength: 12 }), protoKey), tie('value'), { maxKeys: 6 }),
})).value;
// Objects as JSON.parse makes them: "__proto__" becomes an own property, as it would over HTTP.
const parsedJson = hostileValue.map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown);
const withProto = fc.constantFrom(
  JSON.parse('{"__proto__": {"role": "coordinator", "isAdmin": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": 1}}}'),
  JSON.parse('{"query": "x", "__proto__": {"limit": 100000}}'),
);
const deep = fc.integer({ min: 50, max: 400 }).map((n) => {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
});
const anyInput = fc.oneof(parsedJson, withProto, deep, fc.constant(undefined), fc.constant({}), fc.constant([]));

let staffIds: { coord: string; recep: string };
/** session.logout and setLocale in the fuzz can end or change a session: log in again when needed. */
async function ensureTokens() {
  for (const [i, id, pin] of [[2, staffIds.coord, '1234'], [1, staffIds.recep, '4321']] as const) {
    const tok = tokens[i];
    if (!tok || !t.core.sessions.touch(tok)) tokens[i] = (await t.must('session.login', { staffId: id, pin })).token;
  }
}

beforeAll(async () => {
  t = testApp();
  const coord = await t.setup();
  const recep = await t.staffToken('receptionist', coord, 'Rita');
  tokens = [null, recep, coord];
  staffIds = { coord: (await t.must('session.me', {}, coord)).staffId, recep: (await t.must('session.me', {}, recep)).staffId };
  ({ server, url } = await startServer({ app: t, port: 0 }));
});
afterAll(async () => {
  await server.close();
  t.cleanup();
  recordFigures('fuzz', figures);
  console.log(`fuzz: ${figures.cases} dispatcher cases (${figures.refused} refused, ${figures.accepted} accepted), ${figures.thrown} thrown, ${figures.refusedButChanged} refused-but-changed; ${figures.httpCases} HTTP cases, ${figures.http5xx} 5xx`);
});

describe('fuzzing every contract method through the dispatcher', () => {
  for (const name of METHOD_NAMES) {
    it(name, async () => {
      await ensureTokens();
      await fc.assert(
        fc.asyncProperty(anyInput, fc.integer({ min: 0, max: 2 }), async (input, who) => {
          figures.cases++;
          const before = dbFingerprint(t.core.store.db);
          let r;
          try {
            r = await t.dispatch(name, input, tokens[who]!);
          } catch (e) {
            figures.thrown++;
            throw e;
          }
          expect(typeof r.ok).toBe('boolean');
          if (r.ok) {
            figures.accepted++;
            return;
          }
          figures.refused++;
          expect(typeof r.error.message).toBe('string');
          if (!WRITES_WHEN_REFUSED.has(r.error.code) && dbFingerprint(t.core.store.db) !== before) {
            figures.refusedButChanged++;
            throw new Error(`${name} refused with ${r.error.code} but changed the database`);
          }
        }),
        { numRuns: RUNS, seed: 20210101 },
      );
      expect(({} as Record<string, unknown>).role).toBeUndefined();
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('never pollutes Object.prototype', () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

describe('fuzzing over HTTP', () => {
  it('answers every hostile body with a JSON envelope and a 4xx, never a 5xx or a dropped connection', async () => {
    await ensureTokens();
    const methods = [...METHOD_NAMES, 'nope', '__proto__', 'constructor', '..%2f..%2fetc'];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), parsedJson, fc.integer({ min: 0, max: 2 }), async (m, body, who) => {
        figures.httpCases++;
        const token = tokens[who];
        const res = await fetch(`${url}api/${m}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify(body) ?? 'null',
        });
        if (res.status >= 500) figures.http5xx++;
        expect(res.status).toBeLessThan(500);
        const env = (await res.json()) as { ok: boolean };
        expect(typeof env.ok).toBe('boolean');
      }),
      { numRuns: Math.max(100, RUNS * 5), seed: 7 },
    );
  });

  it('refuses bodies over 1 MB with 413 and raw garbage with 400', async () => {
    const big = await fetch(`${url}api/invitations.search`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[1]}` }, body: JSON.stringify({ query: 'x'.repeat(1_200_000) }) });
    expect(big.status).toBe(413);
    const garbage = await fetch(`${url}api/session.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '\u0000\u00ff{{{' });
    expect(garbage.status).toBe(400);
  });
});

describe('access control, generated from the contract', () => {
  const guarded = METHOD_NAMES.filter((m) => contract[m].role !== 'public');
  const coordinatorOnly = METHOD_NAMES.filter((m) => contract[m].role === 'coordinator');

  it('every method that needs a session refuses none, a forged one and an expired one', async () => {
    const a = testApp();
    try {
      const coord = await a.setup();
      for (const m of guarded) {
        expect((await a.dispatch(m, {}, null)) as unknown, m).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
        expect((await a.dispatch(m, {}, 'forged-token-123')) as unknown, m).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
      }
      await a.must('settings.updateSecurity', { idleLockMinutes: 5 }, coord);
      a.clock.advance(5 * 60_000 + 1);
      for (const m of guarded) expect((await a.dispatch(m, {}, coord)) as unknown, m).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    } finally {
      a.cleanup();
    }
  });

  it('every coordinator method refuses a receptionist', async () => {
    await ensureTokens();
    expect(coordinatorOnly.length).toBeGreaterThan(5);
    for (const m of coordinatorOnly) expect((await t.dispatch(m, {}, tokens[1]!)) as unknown, m).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
