/**
 * The closed set of error codes that cross every boundary (dispatcher, IPC, HTTP, renderer).
 * Adding a code is a contract change: give it an HTTP status below and a translation in
 * renderer/i18n, or the type-check fails.
 */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'UNKNOWN_METHOD',
  'PAYLOAD_TOO_LARGE',
  'NOT_FOUND',
  'CONFLICT',
  'ACCOUNT_LOCKED',
  'WRONG_PIN',
  'SETUP_DONE',
  'ALREADY_CHECKED_IN',
  'GUARD',
  'STOCK',
  'IMPORT_INVALID',
  'CENTRAL_UNAVAILABLE',
  'HUB_UNAVAILABLE',
  'READ_ONLY',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface ApiError {
  code: ErrorCode;
  message: string;
  /** Structured facts the UI needs to explain the error (e.g. who checked in first). */
  details?: Record<string, unknown>;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (code: ErrorCode, message: string, details?: Record<string, unknown>): Result<never> => ({
  ok: false,
  error: details ? { code, message, details } : { code, message },
});

/**
 * Services throw AppError for expected refusals; the dispatcher turns it into a value.
 * Anything else thrown is a bug and becomes INTERNAL without leaking its message.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const HTTP_STATUS: Record<ErrorCode, number> = {
  INVALID_INPUT: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  UNKNOWN_METHOD: 404,
  PAYLOAD_TOO_LARGE: 413,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ACCOUNT_LOCKED: 423,
  WRONG_PIN: 401,
  SETUP_DONE: 409,
  ALREADY_CHECKED_IN: 409,
  GUARD: 409,
  STOCK: 409,
  IMPORT_INVALID: 422,
  CENTRAL_UNAVAILABLE: 503,
  HUB_UNAVAILABLE: 503,
  READ_ONLY: 503,
  INTERNAL: 500,
};

export function missingCaseError(x: never): Error {
  return new Error(`Unhandled case: ${String(x)}`);
}
