import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../testing/harness';
import { startRetention, type RetentionTimer } from './retention-schedule';
import { nextChange } from '../testing/wait';

let t: TestApp;
afterEach(() => t?.cleanup());

function manualTimer() {
  const fns: (() => void)[] = [];
  const timer: RetentionTimer = { setInterval: (fn) => (fns.push(fn), fns.length), clearInterval: () => void fns.splice(0) };
  return { timer, tick: () => fns.forEach((f) => f()), count: () => fns.length };
}

const runs = (t: TestApp) => t.core.store.settings.get<{ lastRun: { at: string } | null }>('retention')?.lastRun ?? null;

describe('daily retention schedule', () => {
  it('does nothing while no period is set, then purges once per Brussels day', async () => {
    t = testApp({ clockStart: '2021-06-01T10:00:00Z' });
    const coord = await t.setup();
    const m = manualTimer();
    // Without a period a tick returns before its first await: nothing can happen later.
    const stop = startRetention(t.core, { timer: m.timer });
    expect(runs(t)).toBeNull();

    await t.must('retention.update', { days: 30 }, coord);
    let purged = nextChange(t.core.events, 'invitations');
    m.tick();
    await purged;
    expect(runs(t)?.at).toBe('2021-06-01T10:00:00.000Z');
    const audits = () => [...t.core.store.audit.iterate()].filter((a) => a.action === 'retention.purge').length;
    expect(audits()).toBe(1);

    t.clock.advance(3 * 3600_000); // same day: no second run (the tick returns before its first await)
    m.tick();
    expect(audits()).toBe(1);

    t.clock.advance(24 * 3600_000); // next day
    purged = nextChange(t.core.events, 'invitations');
    m.tick();
    await purged;
    expect(audits()).toBe(2);
    stop();
    expect(m.count()).toBe(0);
  });
});
