import { z } from 'zod';
import { contract, isMethodName, type MethodName } from './contract';
import { AppError, fail, ok, type Result } from './errors';
import type { Call, Core, HandlersFor } from '../services/context';
import type { Contract } from './contract';
import type { Session } from '../services/sessions';

/** The largest input any method accepts, whatever the transport (IPC has no body limit of its own). */
export const MAX_INPUT_BYTES = 1024 * 1024;

export type Dispatch = (method: string, input: unknown, token: string | null) => Promise<Result<unknown>>;

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
  return async function dispatch(name, input, token) {
    if (typeof name !== 'string' || !isMethodName(name)) return fail('UNKNOWN_METHOD', `There is no API method called "${String(name).slice(0, 80)}".`);
    let size: number;
    try {
      size = Buffer.byteLength(JSON.stringify(input ?? null));
    } catch {
      return fail('INVALID_INPUT', 'The input is not plain JSON.');
    }
    if (size > MAX_INPUT_BYTES) return fail('PAYLOAD_TOO_LARGE', 'The request is larger than 1 MB.');

    let session: Session | null = null;
    try {
      if (typeof token === 'string' && token.length > 0 && token.length <= 200) session = core.sessions.touch(token) ?? null;
    } catch (e) {
      return internal(name, e);
    }
    if (session) core.desk.touch();
    return execute(core, handlers, name as MethodName, input, session, () => core.clock());
  };
}

function internal(name: string, e: unknown): Result<never> {
  if (e instanceof AppError) return fail(e.code, e.message, e.details);
  const code = sqliteCode(e);
  if (code === 'SQLITE_READONLY' || code === 'SQLITE_CANTOPEN') {
    return fail('READ_ONLY', 'The database is open read-only; nothing can be saved until it is repaired or restored.');
  }
  console.error(`[vaxdesk] ${name} failed`, e);
  return fail('INTERNAL', 'Something went wrong inside VaxDesk; nothing was saved. Please try again.');
}

/**
 * Role, input and handler for a caller already identified: the dispatcher's path after the
 * token, and the hub's path for a desk's replayed write (the staff member who made it at the desk,
 * at the time it was made there), so a replay passes the same guards as a live call.
 */
export async function execute(
  core: Core,
  handlers: HandlersFor<Contract>,
  name: MethodName,
  input: unknown,
  session: Session | null,
  now: () => Date,
  alreadyHappened = false,
): Promise<Result<unknown>> {
  const spec = contract[name];
  try {
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
      now,
      alreadyHappened,
    };
    const handler = handlers[name] as (i: unknown, c: Call) => unknown;
    const value = await handler(parsed.data, call);
    for (const kind of spec.emits) core.events.emit(kind);
    return ok(value);
  } catch (e) {
    return internal(name, e);
  }
}
