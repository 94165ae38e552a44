import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/core';
import { openDatabase, dbPath } from '../../src/db/open';
import { createStore } from '../../src/db/store';
import { makeNiss } from '../../src/domain/niss';
import { brusselsInstant, localDate } from '../../src/domain/time';
import { tempDir } from '../../src/testing/harness';
import { bundleWorker, runAndKill } from './harness';
import { recordFigures } from '../figures';
import { budget, sized } from '../../src/testing/soak';

/**
 * Crash safety of check-ins: a child checks people in through the real dispatcher and is killed
 * with SIGKILL at random moments. After every kill the database must pass integrity_check and hold
 * every acknowledged check-in with its outbox entry.
 *
 * `npm test`: 20 kills over 1,000 check-ins; `npm run soak`: 200 kills over 10,000 (src/testing/soak.ts;
 * CRASH_KILLS / CRASH_CHECKINS override both).
 */
const KILLS = sized(20, 200, 'CRASH_KILLS');
const CHECKINS = sized(1_000, 10_000, 'CRASH_CHECKINS');

let dir: string;
let worker: string;
let ids: string[];
let staffId: string;

beforeAll(async () => {
  dir = tempDir('vaxdesk-crash-');
  worker = await bundleWorker(path.join(__dirname, 'checkin-worker.ts'), dir);
  const data = path.join(dir, 'data');
  const app = createApp({ dataDir: data });
  const setup = await app.dispatch('setup.createFirstCoordinator', { displayName: 'Coordinator', pin: '1234' }, null);
  if (!setup.ok) throw new Error(setup.error.message);
  const token = (setup.value as { token: string }).token;
  const staff = await app.dispatch('staff.create', { displayName: 'Desk', role: 'receptionist', pin: '2468' }, token);
  if (!staff.ok) throw new Error(staff.error.message);
  staffId = (staff.value as { id: string }).id;
  // Enough invitations for today that every check-in passes its guards.
  const { store } = app.core;
  const today = localDate(new Date());
  const now = new Date().toISOString();
  const n = CHECKINS + 2_000;
  ids = [];
  store.tx(() => {
    store.settings.put('center', { id: 'crash-center', name: 'Crash test center' });
    for (let i = 0; i < n; i++) {
      const personId = randomUUID();
      // One birth date per person (a day apart from 1930 on) keeps every national number unique.
      const birth = new Date(Date.UTC(1930, 0, 1) + (i % 25_000) * 86_400_000).toISOString().slice(0, 10);
      store.people.insert({ id: personId, niss: makeNiss(birth, 1 + Math.floor(i / 25_000)), familyName: `Crash${i}`, givenName: 'Test', birthDate: birth, phone: null }, now);
      const id = randomUUID();
      const start = brusselsInstant(today, '12:00');
      store.invitations.insert(
        { id, code: `K${String(i).padStart(11, '0')}`, personId, centerId: 'crash-center', day: today, startAt: start.toISOString(), endAt: start.toISOString(), doseNumber: 1, productCode: null, status: 'booked', channels: [], source: 'import', versionId: null, lastUpdated: null },
        now,
      );
      ids.push(id);
    }
  });
  app.close();
  fs.writeFileSync(path.join(dir, 'ids.json'), JSON.stringify(ids));
}, budget(CHECKINS + 2_000, 2));

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('crash safety of check-ins (SIGKILL)', () => {
  it(`keeps every acknowledged check-in and its outbox entry over ${KILLS} kills`, async () => {
    const data = path.join(dir, 'data');
    const acked = new Set<number>();
    let next = 0;
    let kills = 0;
    let runs = 0;
    // Random but reproducible kill delays.
    let seed = 42;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    while ((kills < KILLS || acked.size < CHECKINS) && next < ids.length) {
      runs++;
      const needPerKill = Math.max(10, (CHECKINS - acked.size) / Math.max(1, KILLS - kills));
      const run = await runAndKill(worker, [data, staffId, '2468', path.join(dir, 'ids.json'), String(next)], 5 + rand() * needPerKill * 6);
      if (!run.killed && !run.lines.includes('DONE')) throw new Error(`worker failed (exit ${run.exitCode}): ${run.stderr || run.lines.slice(-3).join(' | ')}`);
      if (run.killed) kills++;
      for (const l of run.lines) {
        const [kind, idx] = l.split(' ');
        if (kind === 'ACK' || kind === 'DUP') {
          acked.add(Number(idx));
          next = Math.max(next, Number(idx) + 1);
        }
        if (kind === 'ERR') throw new Error(l);
      }

      // After each kill: reopen, check integrity, and find every acknowledged check-in.
      const db = openDatabase(dbPath(data));
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const store = createStore(db);
        for (const l of run.lines) {
          if (!l.startsWith('ACK ')) continue;
          const id = ids[Number(l.slice(4))]!;
          expect(store.arrivals.arrival(id), `arrival ${id}`).toBeDefined();
          expect(store.outbox.forResource(`appointment:${id}`).some((e) => e.kind === 'appointment.status'), `outbox ${id}`).toBe(true);
        }
      } finally {
        db.close();
      }
    }

    // Nothing acknowledged was lost: every one is there at the end, each exactly once.
    const db = openDatabase(dbPath(data));
    const store = createStore(db);
    let lost = 0;
    for (const i of acked) if (!store.arrivals.arrival(ids[i]!)) lost++;
    const arrivals = store.arrivals.arrivedOn(localDate(new Date()));
    db.close();
    recordFigures('crash-checkin', { runs, kills, acknowledged: acked.size, arrivalsInDatabase: arrivals, lost });
    console.log(`crash test: ${runs} runs, ${kills} SIGKILLs, ${acked.size} check-ins acknowledged, ${arrivals} in the database, ${lost} lost`);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
    expect(acked.size).toBeGreaterThanOrEqual(Math.min(CHECKINS, ids.length));
    expect(lost).toBe(0);
    expect(arrivals).toBeGreaterThanOrEqual(acked.size);
  }, budget(KILLS, 1_500));
});
