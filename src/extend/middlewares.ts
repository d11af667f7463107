// Route middlewares for native extensions, PocketBase's `$apis.require*` as plain functions.
import { BadRequestError, ForbiddenError, UnauthorizedError } from '../core/errors.ts';
import type { RequestEvent } from '../http/event.ts';
import type { Middleware } from '../http/routes.ts';

/** Any authenticated record; with names, only records of those auth collections. */
export function requireAuth(...collections: string[]): Middleware {
  return async (e: RequestEvent) => {
    const auth = await e.resolveAuth();
    if (!auth) {
      throw new UnauthorizedError('The request requires valid record authorization token.');
    }
    const c = auth.collection;
    if (collections.length > 0 && !collections.includes(c.name) && !collections.includes(c.id)) {
      throw new ForbiddenError('The authorized record is not allowed to perform this action.');
    }
    return e.next();
  };
}

/** Superusers only: 401 without auth, 403 for any other record. */
export function requireSuperuserAuth(): Middleware {
  return async (e: RequestEvent) => {
    await e.requireSuperuser();
    return e.next();
  };
}

/** Guests only: a request with a valid auth token is refused. */
export function requireGuestOnly(): Middleware {
  return async (e: RequestEvent) => {
    if (await e.resolveAuth()) {
      throw new BadRequestError('The request can be accessed only by guests.');
    }
    return e.next();
  };
}
