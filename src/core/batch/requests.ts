// The batch payload (http-api.md §4): reading `{requests: [...]}` as PocketBase binds it, then validating it.
import { BadRequestError, type ErrorData, fieldError } from '../errors.ts';

/** One queued sub-request, as the SDK sends it. */
export interface BatchRequest {
  method: string;
  url: string;
  /** Set on the sub-request (except `Authorization`, which always comes from the batch). */
  headers: Record<string, string>;
  /** Multipart file parts `requests.<i>.<key>` are merged in here as `File[]`. */
  body: Record<string, unknown>;
}

const READ_FAILED = 'Failed to read the submitted batch data.';
export const INVALID_BATCH = 'Invalid batch request data.';
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const MAX_URL_LENGTH = 2000;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * `{requests: [{method, url, headers, body}]}` → BatchRequest[]. A value of the wrong JSON type
 * fails the whole read, as Go's decoder does (400 `Failed to read the submitted batch data.`).
 */
export function readBatchRequests(payload: Record<string, unknown>): BatchRequest[] {
  const list = payload.requests;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new BadRequestError(READ_FAILED);
  return list.map((item) => {
    if (!isObject(item)) throw new BadRequestError(READ_FAILED);
    return {
      method: optionalString(item.method),
      url: optionalString(item.url),
      headers: readHeaders(item.headers),
      body: readObject(item.body),
    };
  });
}

function optionalString(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw new BadRequestError(READ_FAILED);
  return v;
}

function readObject(v: unknown): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw new BadRequestError(READ_FAILED);
  return v;
}

function readHeaders(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(readObject(v))) {
    if (typeof value !== 'string') throw new BadRequestError(READ_FAILED);
    out[k] = value;
  }
  return out;
}

/**
 * PocketBase's form rules: `requests` required and at most `maxRequests` long (then nothing else is
 * checked); each item's `method` one of GET/POST/PUT/PATCH/DELETE, `url` required, ≤ 2000 chars.
 */
export function validateBatchRequests(requests: BatchRequest[], maxRequests: number): void {
  if (requests.length === 0) {
    throw invalid({ requests: fieldError('validation_required', 'Cannot be blank.') });
  }
  if (requests.length > maxRequests) {
    throw invalid({
      requests: fieldError(
        'validation_length_too_long',
        `The length must be no more than ${maxRequests}.`,
        { max: maxRequests, min: 0 },
      ),
    });
  }
  const items: ErrorData = {};
  requests.forEach((r, i) => {
    const errors: ErrorData = {};
    if (r.method === '') errors.method = fieldError('validation_required', 'Cannot be blank.');
    else if (!METHODS.includes(r.method)) {
      errors.method = fieldError('validation_in_invalid', 'Must be a valid value.');
    }
    if (r.url === '') errors.url = fieldError('validation_required', 'Cannot be blank.');
    else if ([...r.url].length > MAX_URL_LENGTH) {
      errors.url = fieldError(
        'validation_length_too_long',
        `The length must be no more than ${MAX_URL_LENGTH}.`,
        { max: MAX_URL_LENGTH, min: 0 },
      );
    }
    if (Object.keys(errors).length > 0) items[String(i)] = errors;
  });
  if (Object.keys(items).length > 0) throw invalid({ requests: items });
}

function invalid(data: ErrorData): BadRequestError {
  return new BadRequestError(INVALID_BATCH, data);
}

/**
 * Multipart batches carry files as `requests.<i>.<key>` or `requests[<i>].<key>` parts (`key` may
 * have a `+`/`-` modifier); each becomes `body[key]` of that sub-request, always as a list.
 */
export function attachBatchFiles(requests: BatchRequest[], form: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(form)) {
    const m = /^requests(?:\.(\d+)|\[(\d+)\])\.(.+)$/.exec(name);
    if (!m) continue;
    const target = requests[Number(m[1] ?? m[2])];
    const files = (Array.isArray(value) ? value : [value]).filter((v) => v instanceof File);
    if (!target || files.length === 0) continue;
    target.body[m[3]!] = files;
  }
}
