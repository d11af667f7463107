// PocketBase's JSVM error classes (`new BadRequestError("…", data)`), as Satchel errors so the one
// error mapper (http/errors.ts) answers them in PocketBase's envelope.
import { type ErrorData, SatchelError } from '../../core/errors.ts';

const DEFAULTS: { [status: number]: string } = {
  400: 'Something went wrong while processing your request.',
  401: 'Missing or invalid authentication.',
  403: 'You are not allowed to perform this request.',
  404: "The requested resource wasn't found.",
  429: 'Too Many Requests.',
  500: 'Something went wrong while processing your request.',
};

/** `data` as PocketBase's ApiError keeps it: an object, anything else dropped. */
function asData(data: unknown): ErrorData {
  return typeof data === 'object' && data !== null && !Array.isArray(data)
    ? (data as ErrorData)
    : {};
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
