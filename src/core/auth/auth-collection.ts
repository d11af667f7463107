// Resolves the `{collection}` path segment of the auth routes with PocketBase's 404 messages (http-api.md §3.8).
import { type Collection, SUPERUSERS_ID } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { BadRequestError, ForbiddenError, NotFoundError, UnauthorizedError } from '../errors.ts';
import type { AuthInfo } from '../records/auth-info.ts';

/** Unknown → 404 "Missing or invalid collection context."; not auth → 404 "...auth collection context.". */
export function requireAuthCollection(core: Core, idOrName: string): Collection {
  const collection = core.collections.find(idOrName);
  if (!collection) throw new NotFoundError('Missing or invalid collection context.');
  if (collection.type !== 'auth' || !collection.auth) {
    throw new NotFoundError('Missing or invalid auth collection context.');
  }
  return collection;
}

/** The flows superusers don't take part in (auth.md §6): a 400 with the flow's own `reason`. */
export function refuseSuperusers(collection: Collection, reason: string): void {
  if (collection.id === SUPERUSERS_ID) throw new BadRequestError(reason);
}

/** Routes needing an auth record of the path's collection (http-api.md §1.4). */
export function requireSameCollectionAuth(
  auth: AuthInfo | null,
  collection: Collection | undefined,
): AuthInfo {
  if (!auth) throw new UnauthorizedError('The request requires valid record authorization token.');
  if (!collection || auth.collection.id !== collection.id) {
    // PocketBase names the *requester's* collection here.
    throw new ForbiddenError(
      `The request requires auth record from ${auth.collection.name} collection.`,
    );
  }
  return auth;
}
