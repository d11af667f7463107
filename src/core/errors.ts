// The one error hierarchy: every failure a client may see is a SatchelError with PocketBase's envelope data.

/** One field error item as PocketBase sends it: `{code, message, params?}`. */
export interface FieldError {
  code: string;
  message: string;
  params?: Record<string, unknown>;
}

/** Nested field errors: `{title: {code, message}}`, `{fields: {"2": {name: {...}}}}`. */
export type ErrorData = { [key: string]: FieldError | ErrorData };

export class SatchelError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly data: ErrorData = {},
  ) {
    super(message);
  }
}

export class BadRequestError extends SatchelError {
  constructor(
    message = 'Something went wrong while processing your request.',
    data: ErrorData = {},
  ) {
    super(400, message, data);
  }
}

/** Validation failures collected as data (PocketBase codes), thrown once. */
export class ValidationError extends BadRequestError {}

export class UnauthorizedError extends SatchelError {
  constructor(message = 'Missing or invalid authentication.') {
    super(401, message);
  }
}

export class ForbiddenError extends SatchelError {
  constructor(message = 'You are not allowed to perform this request.') {
    super(403, message);
  }
}

export class NotFoundError extends SatchelError {
  constructor(message = "The requested resource wasn't found.") {
    super(404, message);
  }
}

export class TooLargeError extends SatchelError {
  constructor(message = 'Request entity too large.') {
    super(413, message);
  }
}

export class TooManyRequestsError extends SatchelError {
  constructor(message = 'Too Many Requests.') {
    super(429, message);
  }
}

export class InternalServerError extends SatchelError {
  constructor(message = 'Something went wrong while processing your request.') {
    super(500, message);
  }
}

/**
 * Any status, for hooks and routes that answer one the classes above don't name (PocketBase's
 * ApiError). As PocketBase, a data value that is not a `{code, message}` item is sent as
 * `validation_invalid_value` (user data is never echoed): `{a: 1}` → `{a: {code, message}}`.
 */
export class ApiError extends SatchelError {
  constructor(status: number, message = '', data: Record<string, unknown> = {}) {
    super(status, message, safeData(data));
  }
}

function safeData(data: Record<string, unknown>): ErrorData {
  const out: ErrorData = {};
  for (const [k, v] of Object.entries(data ?? {})) {
    out[k] = isFieldError(v)
      ? fieldError(v.code, v.message, v.params)
      : fieldError('validation_invalid_value', 'Invalid value.');
  }
  return out;
}

/**
 * A user hook handler threw something that is not a SatchelError. Not a Satchel bug: the request
 * answers what PocketBase answers for the action (a generic 400), the cause goes to the log only.
 */
export class HookError extends Error {
  constructor(cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * PocketBase's `firstApiError`: an API error passes as it is; a user handler's error becomes
 * `fallback` (its cause logged); anything else is a bug and is rethrown for the 500 mapper.
 */
export function apiErrorOr(error: unknown, fallback: () => SatchelError): SatchelError {
  if (error instanceof SatchelError) return error;
  if (error instanceof HookError) {
    console.error('hook handler failed:', error.cause);
    return fallback();
  }
  throw error;
}

/** Builds a field error item; `params` only when the validator has parameters (http-api.md §1.4). */
export function fieldError(
  code: string,
  message: string,
  params?: Record<string, unknown>,
): FieldError {
  return params ? { code, message, params } : { code, message };
}

export function isFieldError(v: unknown): v is FieldError {
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof (v as FieldError).code === 'string' &&
    typeof (v as FieldError).message === 'string'
  );
}

export function hasErrors(data: ErrorData): boolean {
  return Object.keys(data).length > 0;
}
