// PocketBase's JSVM error classes (`new BadRequestError("…", data)`), as Satchel errors so the one
// error mapper (http/errors.ts) answers them in PocketBase's envelope.
import { type ErrorData, SatchelError } from '../../core/errors.ts';
import { NO_ROWS, NoRowsError as ServiceNoRows } from '../services.ts';

const DEFAULTS: { [status: number]: string } = {
  400: 'Something went wrong while processing your request.',
  401: 'Missing or invalid authentication.',
  403: 'You are not allowed to perform this request.',
  404: "The requested resource wasn't found.",
  429: 'Too Many Requests.',
  500: 'Something went wrong while processing your request.',
};

const INVALID = { code: 'validation_invalid_value', message: 'Invalid value.' };

/**
 * `data` as PocketBase's ApiError keeps it: nested objects stay, every other leaf (a string, a
 * number) becomes the generic invalid-value item, so no arbitrary value reaches the client.
 */
function asData(data: unknown): ErrorData {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return {};
  const out: ErrorData = {};
  for (const [k, v] of Object.entries(data)) {
    out[k] = typeof v === 'object' && v !== null && !Array.isArray(v) ? asData(v) : { ...INVALID };
  }
  return out;
}

/**
 * A lookup that found nothing, as `String(err)` shows it in PocketBase (`GoError: sql: no rows in
 * result set`); a route that lets it escape answers 404.
 */
export class NoRowsError extends SatchelError {
  override name = 'GoError';
  constructor() {
    super(404, NO_ROWS);
  }
}

/** Runs a find, turning the services' not-found into PocketBase's error. */
export async function goFind<T>(find: () => Promise<T>): Promise<T> {
  try {
    return await find();
  } catch (err) {
    if (err instanceof ServiceNoRows) throw new NoRowsError();
    throw err;
  }
}

export class ApiError extends SatchelError {
  constructor(status = 400, message = '', data: unknown = {}) {
    const s = Number(status) || 400;
    super(s, String(message || DEFAULTS[s] || DEFAULTS[400]), asData(data));
  }
}

const ofStatus = (status: number) =>
  class extends ApiError {
    constructor(message = '', data: unknown = {}) {
      super(status, message, data);
    }
  };

/** The error classes a hooks file sees, by PocketBase's names. */
export const ERROR_CLASSES = {
  ApiError,
  BadRequestError: ofStatus(400),
  UnauthorizedError: ofStatus(401),
  ForbiddenError: ofStatus(403),
  NotFoundError: ofStatus(404),
  TooManyRequestsError: ofStatus(429),
  InternalServerError: ofStatus(500),
};

/** A helper Satchel doesn't provide: calling it fails loudly, naming it (never a silent no-op). */
export function unsupported(name: string): (...args: unknown[]) => never {
  return () => {
    throw new Error(`${name} is not supported by Satchel's pb_hooks runtime`);
  };
}
