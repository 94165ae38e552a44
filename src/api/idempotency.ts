import { createHash } from 'node:crypto';
import type { Core } from '../services/context';
import type { Session } from '../services/sessions';
import { RequestAlreadyClaimed, requestContext, type RequestContext } from '../db/request-log';
import { fail, type Result } from './errors';

/**
 * Request ids (docs/architecture.md): a client may mark any call with an id of its own; a write
 * made under it is done once. The id is claimed inside the write's transaction (store.tx), and
 * the first answer is kept, so a retry after a lost answer — a desk's HTTP call, later a desk
 * replaying its queued writes to the hub — gets that answer again instead of CONFLICT or a
 * second walk-in. Reads claim nothing and simply run again.
 */
export const REQUEST_ID = /^[A-Za-z0-9_-]{8,100}$/;

/** How long a first answer is kept for retries: a desk offline over a long weekend still replays. */
export const REQUEST_LOG_DAYS = 14;

export const actorOf = (s: Session): string => `${s.staffId}:${s.deskId}`;

export function inputHash(method: string, input: unknown): string {
  return createHash('sha256').update(method).update('\0').update(JSON.stringify(input ?? null)).digest('base64url');
}

const REUSED = 'This request id was already used for a different request.';
const UNANSWERED =
  'This request was saved, but its answer was lost when VaxDesk stopped. Reload the screen to see the result.';

/** The answer kept for an earlier call with this id, or null when there was none (or it wrote nothing). */
function earlier(core: Core, ctx: RequestContext): Result<unknown> | null {
  const row = core.store.requests.get(ctx.actor, ctx.requestId);
  if (!row) return null;
  if (row.method !== ctx.method || row.inputHash !== ctx.inputHash) return fail('INVALID_INPUT', REUSED);
  if (row.result === null) return fail('CONFLICT', UNANSWERED, { requestId: ctx.requestId, saved: true });
  return JSON.parse(row.result) as Result<unknown>;
}

const inFlight = new WeakMap<Core, Map<string, { hash: string; done: Promise<Result<unknown>> }>>();
let claimsSincePrune = 0;

/**
 * Runs `call` under a request id: answers from the log when the id was seen, waits for a call
 * with the same id still running, and otherwise keeps the answer of a call that wrote something.
 */
export async function withRequestId(
  core: Core,
  session: Session,
  requestId: string,
  method: string,
  input: unknown,
  call: () => Promise<Result<unknown>>,
): Promise<Result<unknown>> {
  if (!REQUEST_ID.test(requestId)) return fail('INVALID_INPUT', 'A request id is 8 to 100 letters, digits, "-" or "_".');
  const ctx: RequestContext = {
    actor: actorOf(session),
    requestId,
    method,
    inputHash: inputHash(method, input),
    at: core.clock().toISOString(),
    claimed: false,
  };
  const key = `${ctx.actor}\0${requestId}`;
  const running = inFlight.get(core) ?? new Map<string, { hash: string; done: Promise<Result<unknown>> }>();
  inFlight.set(core, running);
  const same = running.get(key);
  if (same) return same.hash === ctx.inputHash ? same.done : fail('INVALID_INPUT', REUSED);
  const seen = earlier(core, ctx);
  if (seen) return seen;

  const done = (async (): Promise<Result<unknown>> => {
    let result: Result<unknown>;
    try {
      result = await requestContext.run(ctx, call);
    } catch (e) {
      // Another process (or a restore) claimed the id between our look-up and our write.
      if (e instanceof RequestAlreadyClaimed) return earlier(core, ctx) ?? fail('CONFLICT', UNANSWERED, { requestId });
      throw e;
    }
    if (ctx.claimed) {
      try {
        core.store.requests.setResult(ctx.actor, requestId, JSON.stringify(result));
        if (++claimsSincePrune >= 500) {
          claimsSincePrune = 0;
          core.store.requests.prune(new Date(core.clock().getTime() - REQUEST_LOG_DAYS * 86_400_000).toISOString());
        }
      } catch (e) {
        // The write itself committed; a retry will be told it was saved (UNANSWERED).
        console.error('[vaxdesk] could not keep the answer of a request', e);
      }
    }
    return result;
  })();
  running.set(key, { hash: ctx.inputHash, done });
  try {
    return await done;
  } finally {
    running.delete(key);
  }
}
