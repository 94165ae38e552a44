import { missingCaseError } from '../api/errors';

/**
 * The one place that decides what a failed exchange with central means. Everything the engine
 * does after an error (retry later, park for a coordinator, mark central offline) follows from
 * the classification here, never from ad-hoc checks.
 */
export type FailureKind = 'network' | 'timeout' | 'http' | 'invalid' | 'refused' | 'mapping';

export class CentralError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    /** HTTP status when central answered. */
    readonly status: number | null = null,
    /** From Retry-After, when central said how long to wait. */
    readonly retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'CentralError';
  }
}

/**
 * Never retried, whatever else is true of them (Joplin's file-api keeps such a list, so that an
 * error central will give again never loops): `refused` is a request VaxDesk itself will not send;
 * `mapping` is content VaxDesk cannot take (a malformed resource: the pull parks the entry, a
 * push parks its change), which reading again returns unchanged. A network fault is retried; these
 * are not, and no other place decides otherwise.
 */
export const NEVER_RETRY: ReadonlySet<FailureKind> = new Set<FailureKind>(['refused', 'mapping']);

/**
 * Whether trying again can succeed. 4xx means "your request is wrong" and will stay wrong, except
 * 408 (timeout), 409 (conflict, resolved by re-reading), 412 (stale version, re-read and merge)
 * and 429 (slow down). Network failures, time-outs, 5xx and broken or invalid answers are
 * central's trouble and pass. `refused` is a request VaxDesk itself will not send (bad local
 * data, a next link to another host): retrying cannot help.
 */
export function isRetryable(e: unknown): boolean {
  // A MappingError (or any error that is not central's) is a fault of the content or of VaxDesk.
  if (!(e instanceof CentralError) || NEVER_RETRY.has(e.kind)) return false;
  switch (e.kind) {
    case 'network':
    case 'timeout':
    // An answer cut off or garbled on the way (truncated body, broken JSON): the next read differs.
    case 'invalid':
      return true;
    case 'refused':
    case 'mapping':
      return false;
    case 'http':
      if (e.status === null) return true;
      if (e.status >= 500) return true;
      return e.status === 408 || e.status === 409 || e.status === 412 || e.status === 429;
    default:
      throw missingCaseError(e.kind);
  }
}

/** Central could not be reached at all (as opposed to answering badly). */
export function isUnreachable(e: unknown): boolean {
  return e instanceof CentralError && (e.kind === 'network' || e.kind === 'timeout');
}

export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, capMs: 5 * 60_000 };

/**
 * Capped exponential backoff with full jitter (a uniform draw in [0, min(cap, base·2^attempt)]),
 * so that desks coming back from the same outage do not retry in lock-step; never sooner than
 * central's Retry-After.
 */
export function retryDelayMs(attempt: number, e: unknown, random: () => number, p: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(p.capMs, p.baseMs * 2 ** Math.min(30, Math.max(0, attempt)));
  const jittered = Math.floor(random() * ceiling);
  const floor = e instanceof CentralError && e.retryAfterMs !== null ? e.retryAfterMs : 0;
  return Math.max(jittered, Math.min(floor, p.capMs * 4));
}

/** Retry-After is either seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(v: string | null, now: number): number | null {
  if (!v) return null;
  const t = v.trim();
  if (/^\d{1,7}$/.test(t)) return Number(t) * 1000;
  const d = Date.parse(t);
  return Number.isNaN(d) ? null : Math.max(0, d - now);
}

export function describe(e: unknown): string {
  if (e instanceof CentralError) return e.status ? `${e.kind} ${e.status}: ${e.message}` : `${e.kind}: ${e.message}`;
  return e instanceof Error ? e.message : String(e);
}
