// The only place that writes PocketBase's error envelope `{status, message, data}`.
import { type ErrorData, HookError, isFieldError, SatchelError } from '../core/errors.ts';
import { jsonResponse } from './response-headers.ts';

const DEFAULT_MESSAGES: Record<number, string> = {
  400: 'Something went wrong while processing your request.',
  401: 'Missing or invalid authentication.',
  403: 'You are not allowed to perform this request.',
  404: "The requested resource wasn't found.",
  405: 'Method not allowed.',
  413: 'Request entity too large.',
  429: 'Too Many Requests.',
  500: 'Something went wrong while processing your request.',
};

/** http-api.md §1.4: first letter upper-cased, a final `.` unless it ends in `.`, `?` or `!`. */
export function normalizeMessage(message: string): string {
  const m = message.trim();
  if (!m) return m;
  const first = m[0]!.toUpperCase() + m.slice(1);
  return /[.?!]$/.test(first) ? first : `${first}.`;
}

/** Keys in byte order, as Go's encoding/json writes PocketBase's maps: `{b, a}` → `{a, b}`. */
function sortedEntries<T>(o: Record<string, T>): [string, T][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function normalizeData(data: ErrorData): ErrorData {
  const out: ErrorData = {};
  for (const [k, v] of sortedEntries(data)) {
    if (!isFieldError(v)) {
      out[k] = normalizeData(v);
      continue;
    }
    const field = { ...v, message: normalizeMessage(v.message) };
    if (v.params) field.params = Object.fromEntries(sortedEntries(v.params));
    out[k] = field;
  }
  return out;
}

/** PocketBase's ApiError: `{data, message, status}` in its struct's order, `data` keys sorted. */
export function envelope(status: number, message?: string, data: ErrorData = {}) {
  return {
    data: normalizeData(data),
    message: normalizeMessage(message || DEFAULT_MESSAGES[status] || DEFAULT_MESSAGES[400]!),
    status,
  };
}

export function errorResponse(status: number, message?: string, data: ErrorData = {}): Response {
  return jsonResponse(envelope(status, message, data), status);
}

/**
 * Maps anything thrown while handling a request. A user hook handler's own error is PocketBase's
 * generic 400 (its cause logged, never sent); anything else that is not a SatchelError is a bug:
 * logged with the request id, answered with a generic 500.
 */
export function mapError(error: unknown, requestId: string): Response {
  if (error instanceof SatchelError) return errorResponse(error.status, error.message, error.data);
  if (error instanceof HookError) {
    console.error(`[${requestId}] hook handler failed:`, error.cause);
    return errorResponse(400);
  }
  const status = (error as { status?: unknown })?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) return errorResponse(status);
  console.error(`[${requestId}] unhandled error:`, error);
  return errorResponse(500);
}
