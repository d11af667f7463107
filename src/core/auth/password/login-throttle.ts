// The failed-login throttle, on by default beyond PocketBase (issue 5): 10 failures a minute per identity and IP → 429.
import type { WindowCounters } from '../../counters.ts';
import { TooManyRequestsError } from '../../errors.ts';
import { AttemptCounter } from '../attempts.ts';

const failures = new AttemptCounter('login', { max: 10, windowMs: 60_000 });

function key(collectionId: string, identity: string, ip: string): string {
  return `${collectionId}\0${identity.toLowerCase()}\0${ip}`;
}

/** Before any password check: a throttled pair gets 429 without spending bcrypt time. */
export function assertLoginAllowed(
  counters: WindowCounters,
  collectionId: string,
  identity: string,
  ip: string,
): void {
  if (!failures.allows(counters, key(collectionId, identity, ip))) throw new TooManyRequestsError();
}

export function recordLoginFailure(
  counters: WindowCounters,
  collectionId: string,
  identity: string,
  ip: string,
): void {
  failures.hit(counters, key(collectionId, identity, ip));
}

/** A success clears the pair: a user who mistyped a few times starts over. */
export function recordLoginSuccess(
  counters: WindowCounters,
  collectionId: string,
  identity: string,
  ip: string,
): void {
  failures.reset(counters, key(collectionId, identity, ip));
}
