/**
 * Every PIN check goes through here (login, the restore screen). Two defences, both needed:
 *
 * - A per-account serial queue. A check that awaited scrypt before counting let 150 parallel
 *   guesses all pass the lock test (issue 13): now the next attempt for an account starts only
 *   after the previous one has counted itself and, if wrong, locked the account.
 * - A global token bucket over all PIN checks of the process, so spraying many accounts (or
 *   flooding one queue) is bounded too, and scrypt cannot be used to burn the desk's CPU.
 *   It is global on purpose: the desks of a center share one address space and a per-address
 *   limit would only slow an attacker who has one address. The price: a flood delays real
 *   logins by a few seconds (RATE_LIMITED, "try again"), it never grants one.
 */
export interface PinRate {
  /** Checks allowed at once. */
  burst: number;
  /** Checks allowed per second once the burst is spent. */
  perSecond: number;
}

export const DEFAULT_PIN_RATE: PinRate = { burst: 30, perSecond: 1 };

export class PinGuard {
  private readonly queues = new Map<string, Promise<unknown>>();
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: PinRate = DEFAULT_PIN_RATE,
    // A monotonic clock: the wall clock can be set back, and tests set the app's clock freely.
    private readonly monotonicMs: () => number = () => performance.now(),
  ) {
    this.tokens = rate.burst;
    this.last = monotonicMs();
  }

  /** Takes one PIN check from the global budget; false when it is spent for now. */
  take(): boolean {
    const now = this.monotonicMs();
    this.tokens = Math.min(this.rate.burst, this.tokens + ((now - this.last) / 1000) * this.rate.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /**
   * Attempts on a database that cannot be written (the restore screen of a damaged file): counted
   * here, with the same limit and lock as login, and audited once a restore gives a writable file.
   */
  readonly memory = new Map<string, { attempts: number; lockedUntil: number | null }>();
  readonly pendingAudit: { at: string; staffId: string | null; action: string; detail: Record<string, unknown> }[] = [];

  /** Runs fn after every earlier attempt on the same account has finished. */
  serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const before = this.queues.get(key) ?? Promise.resolve();
    const run = before.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(key, tail);
    // tail never rejects (see above), so this chain cannot either.
    tail
      .then(() => {
        if (this.queues.get(key) === tail) this.queues.delete(key);
      })
      .catch(() => undefined);
    return run;
  }
}
