import { z } from 'zod';
import { contract, isMethodName, type MethodName } from './contract';
import { AppError, fail, ok, type Result } from './errors';
import type { Call, Core, HandlersFor } from '../services/context';
import type { Contract } from './contract';
import type { Session } from '../services/sessions';
import { RequestAlreadyClaimed } from '../db/request-log';
import { withRequestId } from './idempotency';
import { diskWatch, isDiskFull } from '../services/disk-space';

/** The largest input any method accepts, whatever the transport (IPC has no body limit of its own). */
export const MAX_INPUT_BYTES = 1024 * 1024;

export interface DispatchOptions {
  /** The client's id for this call: a write made under it is done once (idempotency.ts). */
  requestId?: string | null;
}

export type Dispatch = (method: string, input: unknown, token: string | null, opts?: DispatchOptions) => Promise<Result<unknown>>;

function describeZodError(e: z.ZodError): string {
  return e.issues
    .slice(0, 5)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

function sqliteCode(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;
}

/**
 * The only way into the core: validates the input against the contract, checks the session and
 * role, runs the handler and turns every outcome into a Result value. Nothing a caller sends can
 * make it throw.
 */
export function createDispatcher(core: Core, handlers: HandlersFor<Contract>): Dispatch {
  return async function dispatch(name, input, token, opts = {}) {
    if (typeof name !== 'string' || !isMethodName(name)) return fail('UNKNOWN_METHOD', `There is no API method called "${String(name).slice(0, 80)}".`);
    const spec = contract[name as MethodName];

    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(input ?? null));
    } catch {
      return fail('INVALID_INPUT', 'The input is not plain JSON.');
    }
    if (size > MAX_INPUT_BYTES) return fail('PAYLOAD_TOO_LARGE', 'The request is larger than 1 MB.');

    try {
      let session: Session | null = null;
      if (typeof token === 'string' && token.length > 0 && token.length <= 200) session = core.sessions.touch(token) ?? null;
      if (session) core.desk.touch();
      if (spec.role !== 'public') {
        if (!session) return fail('UNAUTHENTICATED', 'Your session has ended; please log in again.');
        if (spec.role === 'coordinator' && session.role !== 'coordinator') {
          return fail('FORBIDDEN', 'Only a coordinator may do this.');
        }
      }

      const parsed = spec.input.safeParse(input ?? {});
      if (!parsed.success) return fail('INVALID_INPUT', describeZodError(parsed.error));

      const call: Call = {
        core,
        session,
        me() {
          if (!session) throw new AppError('UNAUTHENTICATED', 'Your session has ended; please log in again.');
          return session;
        },
        now: () => core.clock(),
      };
      const handler = handlers[name as MethodName] as (i: unknown, c: Call) => unknown;
      const run = async (): Promise<Result<unknown>> => {
        try {
          const value = await handler(parsed.data, call);
          if (spec.emits.length > 0) diskWatch(core).wrote();
          for (const kind of spec.emits) core.events.emit(kind);
          return ok(value);
        } catch (e) {
          if (e instanceof AppError) return fail(e.code, e.message, e.details);
          throw e;
        }
      };
      // A public call (login, set-up) has no one to key its id by: it runs as it is.
      const requestId: unknown = opts.requestId;
      if (requestId == null || !session) return await run();
      if (typeof requestId !== 'string') return fail('INVALID_INPUT', 'A request id must be a string.');
      return await withRequestId(core, session, requestId, name, parsed.data, run);
    } catch (e) {
      if (e instanceof AppError) return fail(e.code, e.message, e.details);
      if (e instanceof RequestAlreadyClaimed) return fail('CONFLICT', e.message);
      if (isDiskFull(e)) {
        diskWatch(core).sawFull(core.clock());
        console.error(`[vaxdesk] ${name}: the disk is full`, (e as Error).message);
        return fail('DISK_FULL', 'The disk of this computer is full: nothing was saved. Free some space (or call the IT person), then try again; VaxDesk does not need a restart.');
      }
      const code = sqliteCode(e);
      if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
        return fail('READ_ONLY', 'The database is open read-only; nothing can be saved until it is repaired or restored.');
      }
      console.error(`[vaxdesk] ${name} failed`, e);
      return fail('INTERNAL', 'Something went wrong inside VaxDesk; nothing was saved. Please try again.');
    }
  };
}
