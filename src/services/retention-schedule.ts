import type { Core } from './context';
import { runRetention } from './retention';
import { localDate } from '../domain/time';

export interface RetentionTimer {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

const realTimer: RetentionTimer = {
  setInterval: (fn, ms) => {
    const h = setInterval(fn, ms);
    h.unref?.();
    return h;
  },
  clearInterval: (h) => clearInterval(h as NodeJS.Timeout),
};

/**
 * The retention purge runs by itself once a (Brussels) day when a coordinator has set a period,
 * so that personal data never outlives it because nobody pressed a button. Returns the stop function.
 */
export function startRetention(core: Core, opts: { checkEveryMs?: number; timer?: RetentionTimer } = {}): () => void {
  const timer = opts.timer ?? realTimer;
  let running = false;
  const tick = async () => {
    if (running) return;
    const s = core.store.settings.get<{ days: number | null; lastRun: { at: string } | null }>('retention');
    const now = core.clock();
    if (!s || s.days === null) return;
    if (s.lastRun && localDate(s.lastRun.at) === localDate(now)) return;
    running = true;
    try {
      await runRetention(core, now, (action, detail) =>
        core.store.audit.append({ at: now.toISOString(), actorId: null, actorName: 'VaxDesk (daily retention)', action, entity: 'people', entityId: null, detail }),
      );
      core.events.emit('invitations');
    } catch (e) {
      console.error('[vaxdesk] the daily retention purge failed', e);
    } finally {
      running = false;
    }
  };
  const failed = (e: unknown) => console.error('[vaxdesk] retention run failed', e);
  const handle = timer.setInterval(() => {
    tick().catch(failed);
  }, opts.checkEveryMs ?? 60 * 60_000);
  tick().catch(failed);
  return () => timer.clearInterval(handle);
}
