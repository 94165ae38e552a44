import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { contract, METHOD_NAMES, type MethodName } from './contract';
import { ERROR_CODES, type Result } from './errors';
import { testApp, type TestApp } from '../testing/harness';
import { dbFingerprint } from '../testing/fingerprint';
import { startServer } from '../server/server';
import { addInvitation, addLot, addPerson, configureCenter } from '../services/reception/test-fixtures';
import { arbitraryFor, type Pools } from '../testing/schema-arbitrary';
import { describeApi } from '../server/api-index';
import { recordFigures } from '../../tests/figures';

/**
 * Complements fuzz.test.ts (random hostile JSON at every method): here inputs are generated from
 * each method's JSON Schema with real ids and days from the test data, one field sometimes spoiled
 * by a boundary value, so most of them pass validation and reach the HANDLERS; plus values only
 * IPC can deliver (structured clone: BigInt, Date, Map, cycles), odd tokens and method names, and
 * a per-method HTTP status matrix. With no session, a receptionist and a coordinator.
 * An escape is: dispatch throwing, a value that is not a Result, an error code
 * outside the closed list, an INTERNAL (a handler that threw something unplanned), a rejected call
 * that changed the database, or a polluted Object.prototype.
 */

// A wrong PIN is a rejected call that writes on purpose (attempt counter + audit row).
const WRITES_ON_REJECT: Partial<Record<MethodName, string[]>> = { 'session.login': ['WRONG_PIN', 'ACCOUNT_LOCKED'] };

const deep = (n: number): unknown => {
  let v: unknown = 'bottom';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
  return v;
};
const circular = (): unknown => {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  return o;
};

const BOUNDARY: unknown[] = [
  undefined, null, true, false, 0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 53), 1e308, Number.MAX_VALUE, Number.MIN_VALUE, NaN, Infinity, -Infinity,
  '', ' ', '\u0000', '\uFFFF\uD800', 'a'.repeat(1000), 'x'.repeat(200_000), '🙂'.repeat(2000), '<img src=x onerror=alert(1)>', "'; DROP TABLE people; --",
  '2021-02-29', '0000-00-00', '9999-12-31T23:59:59.999Z', '../../etc/passwd', '85073003328', '1'.repeat(64),
  [], [null], new Array(5000).fill(1), {}, { '': '' }, deep(200), deep(3000),
];
const HOSTILE_JSON = [
  '{"__proto__": {"role": "coordinator", "polluted": true}}',
  '{"constructor": {"prototype": {"polluted": true}}}',
  '{"prototype": {"polluted": true}, "__proto__": null}',
  '{"toString": "x", "hasOwnProperty": 1, "valueOf": {}}',
];
const NON_JSON: unknown[] = [BigInt(1), () => 1, Symbol('s'), circular(), new Date(0), new Map([[1, 2]]), Buffer.from('abc')];

interface Figures {
  methods: number;
  cases: number;
  byCaller: Record<string, number>;
  accepted: number;
  rejected: number;
  escapes: { thrown: number; notAResult: number; unknownCode: number; internal: number; dbChangedOnReject: number; prototypePolluted: number };
  http: { cases: number; escapes: number; statuses: Record<string, number> };
  examples: string[];
}

let t: TestApp;
let coord: string;
let recep: string;
let coordId: string;
let pools: Pools = {};
const SCHEMA_RUNS = Number(process.env.FUZZ_SCHEMA_RUNS ?? 15);
const fig: Figures = {
  methods: METHOD_NAMES.length,
  cases: 0,
  byCaller: {},
  accepted: 0,
  rejected: 0,
  escapes: { thrown: 0, notAResult: 0, unknownCode: 0, internal: 0, dbChangedOnReject: 0, prototypePolluted: 0 },
  http: { cases: 0, escapes: 0, statuses: {} },
  examples: [],
};

const escape = (kind: keyof Figures['escapes'], what: string) => {
  fig.escapes[kind]++;
  if (fig.examples.length < 20) fig.examples.push(`${kind}: ${what}`.slice(0, 300));
};

async function freshTokens() {
  // A random call may have logged a caller out (session.logout with {}) or deactivated no one; log in again when needed.
  if (!t.core.sessions.touch(coord)) coord = (await t.must('session.login', { staffId: coordId, pin: '1234' })).token;
  if (!t.core.sessions.touch(recep)) recep = await t.staffToken('receptionist', coord);
}

const isResult = (r: unknown): r is Result<unknown> =>
  typeof r === 'object' && r !== null && ((r as { ok: unknown }).ok === true ? 'value' in r : (r as { ok: unknown }).ok === false && typeof (r as { error?: { message?: unknown } }).error?.message === 'string');

async function attack(m: string, input: unknown, caller: 'none' | 'receptionist' | 'coordinator', token?: unknown) {
  await freshTokens();
  const tok = token !== undefined ? token : caller === 'none' ? null : caller === 'receptionist' ? recep : coord;
  const before = dbFingerprint(t.core.store.db);
  fig.cases++;
  fig.byCaller[caller] = (fig.byCaller[caller] ?? 0) + 1;
  let r: unknown;
  try {
    r = await t.dispatch(m, input, tok as string | null);
  } catch (e) {
    escape('thrown', `${m}: ${(e as Error).message}`);
    return;
  }
  if (!isResult(r)) return escape('notAResult', `${m}: ${String(r)}`);
  if (r.ok) {
    fig.accepted++;
    return;
  }
  fig.rejected++;
  if (!(ERROR_CODES as readonly string[]).includes(r.error.code)) escape('unknownCode', `${m}: ${r.error.code}`);
  if (r.error.code === 'INTERNAL') escape('internal', `${m} as ${caller}: ${JSON.stringify(input)?.slice(0, 200)}`);
  const allowed = Object.hasOwn(WRITES_ON_REJECT, m) && WRITES_ON_REJECT[m as MethodName]!.includes(r.error.code);
  if (!allowed && dbFingerprint(t.core.store.db) !== before) escape('dbChangedOnReject', `${m} as ${caller} -> ${r.error.code}: ${JSON.stringify(input)?.slice(0, 200)}`);
  if (({} as Record<string, unknown>).polluted !== undefined || ({} as Record<string, unknown>).role !== undefined) escape('prototypePolluted', m);
}

beforeAll(async () => {
  // The fuzzer logs in again after every input that ends the session, hundreds of times in a few
  // seconds: the desk's global PIN budget (a real-time rate, tested in pin-guard.test.ts) would
  // refuse it. The per-account lockout still applies.
  t = testApp({ clockStart: '2021-04-12T08:00:00.000Z', pinRate: { burst: 100_000, perSecond: 100_000 } });
  configureCenter(t);
  coord = await t.setup();
  coordId = (await t.must('session.me', {}, coord)).staffId;
  recep = await t.staffToken('receptionist', coord, 'Rita Desk');
  // Some real rows, so that ids, days and searches have something to hit.
  const invs = [];
  for (let i = 0; i < 5; i++) invs.push(addInvitation(t, addPerson(t, { familyName: `Peeters ${i}`, givenName: 'Jan' }).id, { day: '2021-04-12' }));
  const lot = addLot(t, { vials: 10 });
  const recepId = (await t.must('session.me', {}, recep)).staffId;
  // The coordinator's own id is left out: a valid random resetPin would lock the test out.
  pools = {
    invitationId: invs.map((x) => x.id),
    personId: invs.map((x) => x.personId),
    staffId: [recepId],
    lotId: [lot],
    day: ['2021-04-12', '2021-04-13', '2021-04-11'],
    date: ['2021-04-12'],
    productCode: ['COMIRNATY', 'SPIKEVAX', 'JCOVDEN'],
    niss: ['85073003328', '17073003384', '98472899765'],
    query: invs.map((x) => x.code).concat(['Peeters', 'peet', '85073003328']),
  };
}, 60_000);

afterAll(() => {
  recordFigures('fuzz-handlers', { schemaRunsPerMethodAndCaller: SCHEMA_RUNS, ...fig });
  console.log(`[fuzz-handlers] ${fig.methods} methods, ${fig.cases} dispatcher cases (${fig.rejected} rejected, ${fig.accepted} accepted), ${fig.http.cases} HTTP cases; escapes: ${JSON.stringify(fig.escapes)}, HTTP escapes ${fig.http.escapes}`);
  t?.cleanup();
});

describe('values only IPC can carry, odd tokens and method names', () => {
  it('non-JSON values (BigInt, functions, symbols, cycles, Date, Map, Buffer), oversized and hostile-key inputs for every method and caller', async () => {
    for (const m of METHOD_NAMES) {
      for (const caller of ['none', 'receptionist', 'coordinator'] as const) {
        for (const input of [...NON_JSON, ...HOSTILE_JSON.map((j) => JSON.parse(j) as unknown), { data: 'y'.repeat(1_100_000) }, deep(3000), 'x'.repeat(200_000)]) await attack(m, input, caller);
      }
    }
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'staff.list\u0000', 'x'.repeat(10_000)]) await attack(name, {}, 'coordinator');
    for (const tok of [123, {}, [], 'x'.repeat(201), 'forged', `${coord}x`, ' ']) await attack('staff.list', {}, 'none', tok);
    expect(fig.escapes).toEqual({ thrown: 0, notAResult: 0, unknownCode: 0, internal: 0, dbChangedOnReject: 0, prototypePolluted: 0 });
    expect(fig.examples).toEqual([]);
  }, 300_000);
});

describe('nearly valid input (generated from each method\'s JSON Schema, one field sometimes spoiled) reaches the handlers', () => {
  it(`every method with ${SCHEMA_RUNS} schema-shaped inputs per caller`, async () => {
    const schemas = new Map(describeApi().map((d) => [d.name, d.input as object]));
    for (const m of METHOD_NAMES) {
      const valid = arbitraryFor(schemas.get(m) as never, pools);
      const spoiled = fc.tuple(valid, fc.constantFrom(...BOUNDARY), fc.nat()).map(([v, bad, i]) => {
        if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
        const keys = Object.keys(v);
        return keys.length ? { ...v, [keys[i % keys.length]!]: bad } : v;
      });
      for (const caller of ['receptionist', 'coordinator'] as const) {
        await fc.assert(fc.asyncProperty(fc.oneof({ weight: 2, arbitrary: valid }, { weight: 1, arbitrary: spoiled }), async (input) => attack(m, input, caller)), { numRuns: SCHEMA_RUNS, seed: 12042021 });
      }
    }
    expect(fig.escapes).toEqual({ thrown: 0, notAResult: 0, unknownCode: 0, internal: 0, dbChangedOnReject: 0, prototypePolluted: 0 });
    expect(fig.examples).toEqual([]);
  }, 600_000);
});

describe('hostile input over HTTP (desk server)', () => {
  let server: FastifyInstance;
  let url: string;
  beforeAll(async () => {
    ({ server, url } = await startServer({ app: t, port: 0 }));
  });
  afterAll(async () => {
    await server?.close();
  });

  async function post(pathName: string, body: string, token: string | null, expectStatus: number | null, headers: Record<string, string> = {}) {
    await freshTokens();
    const before = dbFingerprint(t.core.store.db);
    fig.http.cases++;
    const res = await fetch(`${url}api/${pathName}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body,
    });
    fig.http.statuses[res.status] = (fig.http.statuses[res.status] ?? 0) + 1;
    const json = (await res.json().catch(() => null)) as unknown;
    const bad = !isResult(json) || res.status === 500 || (expectStatus !== null && res.status !== expectStatus) || (res.status >= 400 && dbFingerprint(t.core.store.db) !== before);
    if (bad) {
      fig.http.escapes++;
      if (fig.examples.length < 20) fig.examples.push(`http ${pathName} -> ${res.status} (expected ${expectStatus}): ${body.slice(0, 120)}`);
    }
    return res.status;
  }

  it('every method answers each kind of bad request with its own status: 413, 400, 401, 403 (role), 403 (cross-origin)', async () => {
    for (const m of METHOD_NAMES) {
      const spec = contract[m];
      await post(m, `{"x": ${'1'.repeat(10)}, "pad": "${'p'.repeat(1_100_000)}"}`, coord, 413);
      await post(m, '{"unterminated": ', coord, 400);
      await post(m, HOSTILE_JSON[0]!, coord, null);
      if (spec.role !== 'public') await post(m, '{}', null, 401);
      if (spec.role === 'coordinator') await post(m, '{}', recep, 403);
      await post(m, '{}', coord, 403, { origin: 'http://evil.example' });
    }
    await post('no.suchMethod', '{}', coord, 404);
    await post('__proto__', '{}', coord, 404);
    expect(fig.http.escapes).toBe(0);
    expect(fig.examples).toEqual([]);
  }, 300_000);
});
