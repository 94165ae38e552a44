import type { Core } from '../services/context';
import { FhirCentral, type CentralSystem } from './central';
import { pullInvitations, DEFAULT_PULL, type PullOptions, type PullProgress, type PullResult } from './pull';
import { planningCapacity, pushOutbox, type CapacitySource, type PushResult } from './push';
import { CentralError, DEFAULT_BACKOFF, describe, isUnreachable, retryDelayMs, type BackoffPolicy } from './retry';
import { getConnection, getRecord, getToken, RECORD_KEY, type Connection, type PullState, type SyncRecord } from './settings';

export type SyncState = 'unconfigured' | 'online' | 'offline' | 'failing';

export interface SyncProgress {
  phase: 'idle' | 'pull' | 'push';
  pages: number;
  entries: number;
  total: number | null;
  startedAt: string | null;
}

export interface SyncStatus {
  state: SyncState;
  running: boolean;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  outbox: { pending: number; parked: number };
  nextTryAt: string | null;
  progress: SyncProgress;
}

export interface SyncSummary {
  ok: boolean;
  pulled: PullResult | null;
  pushed: PushResult | null;
  error: string | null;
  unreachable: boolean;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(h: unknown): void;
}

export interface EngineOptions {
  pull: PullOptions;
  backoff: BackoffPolicy;
  /** Time between two regular syncs when all is well. */
  intervalMs: number;
  /** A local change is sent this soon after it was made. */
  pushSoonMs: number;
  timeoutMs: number;
  concurrency: number;
  maxPushPerRun: number;
  random: () => number;
  timers: Timers;
  /** Builds the CentralSystem for a connection (tests may substitute another implementation). */
  central: (c: Connection, token: string | null, timeoutMs: number) => CentralSystem;
  capacity: CapacitySource | null;
  /** Use this connection and token instead of the saved ones (the CLI's --central/--location/--token-file). */
  override?: { connection: Connection; token: string | null };
  onPageCommitted?: (p: PullProgress, state: PullState) => void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};

export const DEFAULT_ENGINE: EngineOptions = {
  pull: DEFAULT_PULL,
  backoff: DEFAULT_BACKOFF,
  intervalMs: 60_000,
  pushSoonMs: 1_000,
  timeoutMs: 15_000,
  concurrency: 4,
  maxPushPerRun: 2_000,
  random: Math.random,
  timers: realTimers,
  central: (c, token, timeoutMs) => new FhirCentral({ baseUrl: c.baseUrl, token, timeoutMs }),
  capacity: planningCapacity,
};

/**
 * One per core. Runs a sync (pull, then push) on demand, from the CLI, or on its schedule;
 * never two at once. Keeps the in-memory progress and state that sync.status reports.
 */
export class SyncEngine {
  readonly opts: EngineOptions;
  private running: Promise<SyncSummary> | null = null;
  private state: SyncState = 'online';
  private failures = 0;
  private progress: SyncProgress = { phase: 'idle', pages: 0, entries: 0, total: null, startedAt: null };
  private timer: unknown = null;
  private nextTryAt: string | null = null;
  private started = false;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly core: Core,
    opts: Partial<EngineOptions> = {},
  ) {
    this.opts = { ...DEFAULT_ENGINE, ...opts, pull: { ...DEFAULT_ENGINE.pull, ...opts.pull } };
  }

  status(): SyncStatus {
    const { store } = this.core;
    const rec = getRecord(store);
    const configured = !!getConnection(store) && !!store.center.id();
    return {
      state: configured ? this.state : 'unconfigured',
      running: this.running !== null,
      lastSuccessAt: rec.lastSuccessAt,
      lastAttemptAt: rec.lastAttemptAt,
      lastError: rec.lastError,
      outbox: store.outbox.counts(),
      nextTryAt: this.nextTryAt,
      progress: { ...this.progress },
    };
  }

  /** One full sync; a second call while one runs joins it. */
  run(opts: { full?: boolean; pushOnly?: boolean } = {}): Promise<SyncSummary> {
    if (!this.running) {
      this.running = this.runOnce(opts).finally(() => {
        this.running = null;
        this.progress = { phase: 'idle', pages: 0, entries: 0, total: null, startedAt: null };
        this.core.events.emit('sync');
        if (this.started) this.schedule();
      });
    }
    return this.running;
  }

  private async runOnce(opts: { full?: boolean; pushOnly?: boolean }): Promise<SyncSummary> {
    const { store, clock, events } = this.core;
    const conn = this.opts.override?.connection ?? getConnection(store);
    const center = store.center.id();
    const summary: SyncSummary = { ok: false, pulled: null, pushed: null, error: null, unreachable: false };
    if (!conn || !center) {
      summary.error = !center
        ? store.center.get()
          ? "The center has no Location id yet: enter it in Sync → connection."
          : 'This desk has no center set up yet: a coordinator creates it on the first-run screen (Staff → Center).'
        : 'No connection to the central system is configured.';
      return summary;
    }
    const started = clock().toISOString();
    this.progress = { phase: 'pull', pages: 0, entries: 0, total: null, startedAt: started };
    events.emit('sync');
    let pullError: unknown = null;
    try {
      const token = this.opts.override ? this.opts.override.token : getToken(this.core.secrets);
      const central = this.opts.central(conn, token, this.opts.timeoutMs);
      if (!opts.pushOnly) {
        try {
          summary.pulled = await pullInvitations(
            {
              store,
              central,
              centerId: center,
              locationId: conn.locationId,
              now: clock,
              opts: this.opts.pull,
              deskBusy: () => this.core.desk.busy(),
              onProgress: (p) => {
                this.progress = { phase: 'pull', pages: p.pages, entries: p.entries, total: p.total, startedAt: started };
                events.emit('sync');
              },
              onPageCommitted: (p, s) => {
                if (p.entries > 0) events.emit('invitations');
                this.opts.onPageCommitted?.(p, s);
              },
            },
            { full: opts.full ?? false },
          );
        } catch (e) {
          // A failed pull does not hold back the check-ins waiting to go out: the push is tried
          // anyway and stops by itself if central is really unreachable.
          if (!(e instanceof CentralError)) throw e;
          pullError = e;
        }
      }
      this.progress = { ...this.progress, phase: 'push' };
      events.emit('sync');
      summary.pushed = await pushOutbox(
        {
          store,
          central,
          centerId: center,
          locationId: conn.locationId,
          now: clock,
          random: this.opts.random,
          backoff: this.opts.backoff,
          concurrency: this.opts.concurrency,
          maxEntries: this.opts.maxPushPerRun,
          capacity: this.opts.capacity,
        },
        () => events.emit('sync'),
      );
      summary.unreachable = summary.pushed.unreachable || (isUnreachable(pullError) && summary.pushed.pushed === 0);
      summary.ok = pullError === null && !summary.pushed.unreachable && summary.pushed.retrying === 0;
      summary.error = pullError ? describe(pullError) : summary.pushed.lastError;
    } catch (e) {
      if (!(e instanceof CentralError)) console.error('sync failed', e);
      summary.error = describe(e);
      summary.unreachable = isUnreachable(e);
    }
    this.state = summary.ok ? 'online' : summary.unreachable ? 'offline' : 'failing';
    this.failures = summary.ok ? 0 : this.failures + 1;
    const rec: SyncRecord = {
      ...getRecord(store),
      lastAttemptAt: started,
      lastError: summary.error,
      lastPulled: summary.pulled ? summary.pulled.inserted + summary.pulled.updated : 0,
      lastPushed: summary.pushed?.pushed ?? 0,
    };
    if (summary.ok) rec.lastSuccessAt = clock().toISOString();
    store.tx(() => store.settings.put(RECORD_KEY, rec));
    return summary;
  }

  /** Starts the schedule (the shells call this): now, then every interval, sooner after a local change. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribe = this.core.events.subscribe((e) => {
      if (e.kind === 'arrivals' || e.kind === 'planning') this.soon();
    });
    this.arm(0);
  }

  stop(): void {
    this.started = false;
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.timer !== null) this.opts.timers.clearTimeout(this.timer);
    this.timer = null;
    this.nextTryAt = null;
  }

  /** A local change waits in the outbox: try to send it soon (unless central is known down and backing off). */
  soon(): void {
    if (!this.started || this.state === 'offline') return;
    this.arm(this.opts.pushSoonMs, true);
  }

  private schedule(): void {
    if (!getConnection(this.core.store) || !this.core.store.center.id()) return this.arm(this.opts.intervalMs);
    const delay = this.failures === 0 ? this.opts.intervalMs : retryDelayMs(this.failures - 1, null, this.opts.random, this.opts.backoff);
    // A pending outbox entry whose own backoff ends sooner brings the next try forward.
    const due = this.core.store.sync.nextDue();
    const dueIn = due.n > 0 && due.at ? Math.max(this.opts.pushSoonMs, Date.parse(due.at) - this.core.clock().getTime()) : Infinity;
    this.arm(Math.min(delay, this.failures === 0 ? dueIn : delay));
  }

  private arm(ms: number, pushOnly = false): void {
    if (this.timer !== null) this.opts.timers.clearTimeout(this.timer);
    this.nextTryAt = new Date(this.core.clock().getTime() + ms).toISOString();
    this.timer = this.opts.timers.setTimeout(() => {
      this.timer = null;
      void this.run({ pushOnly });
    }, ms);
  }
}

const KEY = 'sync';

/** The engine of a core, created on first use. */
export function syncEngine(core: Core, opts?: Partial<EngineOptions>): SyncEngine {
  let e = core.extensions[KEY] as SyncEngine | undefined;
  if (!e) {
    e = new SyncEngine(core, opts);
    core.extensions[KEY] = e;
  }
  return e;
}

/** For the shells (desk server, Electron): start the schedule; returns the stop function. */
export function startSync(core: Core, opts?: Partial<EngineOptions>): () => void {
  const e = syncEngine(core, opts);
  e.start();
  return () => e.stop();
}
