import { afterEach, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';
import { SyncEngine, type Timers } from './engine';

let t: TestApp;
afterEach(() => t?.cleanup());

/** Timers the test fires by hand. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let n = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      pending.set(++n, { fn, ms });
      return n;
    },
    clearTimeout: (h) => void pending.delete(h as number),
  };
  return {
    timers,
    pending,
    async fire() {
      const [id, p] = [...pending.entries()][0]!;
      pending.delete(id);
      p.fn();
      await new Promise((r) => setTimeout(r, 50));
    },
  };
}

it('the schedule syncs at start, backs off with jitter while central is down, and brings a push forward after a check-in', async () => {
  t = testApp();
  t.core.store.tx(() => {
    t.core.store.center.save({ id: 'c', name: 'c' }, new Date().toISOString());
    t.core.store.settings.put('sync.connection', { baseUrl: 'http://127.0.0.1:9/fhir', locationId: 'x' });
  });
  const m = manualTimers();
  const draws = [0.5, 0.5, 0.5, 0.5];
  const e = new SyncEngine(t.core, { timers: m.timers, random: () => draws.shift() ?? 0.5, intervalMs: 60_000, backoff: { baseMs: 1000, capMs: 8000 }, pushSoonMs: 500 });
  e.start();
  expect([...m.pending.values()].map((p) => p.ms)).toEqual([0]);
  await m.fire();
  while (e.status().running) await new Promise((r) => setTimeout(r, 20));
  expect(e.status().state).toBe('offline');
  // First failure: full jitter over min(cap, base·2^0) = 1000 → 500 with a 0.5 draw.
  expect([...m.pending.values()].map((p) => p.ms)).toEqual([500]);
  await m.fire();
  while (e.status().running) await new Promise((r) => setTimeout(r, 20));
  expect([...m.pending.values()].map((p) => p.ms)).toEqual([1000]);
  expect(e.status().nextTryAt).toBe(new Date(t.clock().getTime() + 1000).toISOString());
  // While offline a check-in does not hammer central; once online it is sent soon.
  t.core.events.emit('arrivals');
  expect([...m.pending.values()].map((p) => p.ms)).toEqual([1000]);
  (e as unknown as { state: string }).state = 'online';
  t.core.events.emit('arrivals');
  expect([...m.pending.values()].map((p) => p.ms)).toEqual([500]);
  e.stop();
  expect(m.pending.size).toBe(0);
  expect(e.status().nextTryAt).toBeNull();
});
