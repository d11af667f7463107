// The failed-login throttle, on by default beyond PocketBase (issue 5): 10 failures a minute per identity and IP → 429.
import { TooManyRequestsError } from '../../errors.ts';
import { AttemptCounter } from '../attempts.ts';

const failures = new AttemptCounter({ max: 10, windowMs: 60_000 });

function key(collectionId: string, identity: string, ip: string): string {
  return `${collectionId}\0${identity.toLowerCase()}\0${ip}`;
}

/** Before any password check: a throttled pair gets 429 without spending bcrypt time. */
export function assertLoginAllowed(collectionId: string, identity: string, ip: string): void {
  if (!failures.allows(key(collectionId, identity, ip))) throw new TooManyRequestsError();
}

export function recordLoginFailure(collectionId: string, identity: string, ip: string): void {
  failures.hit(key(collectionId, identity, ip));
}

/** A success clears the pair: a user who mistyped a few times starts over. */
export function recordLoginSuccess(collectionId: string, identity: string, ip: string): void {
  failures.reset(key(collectionId, identity, ip));
}
