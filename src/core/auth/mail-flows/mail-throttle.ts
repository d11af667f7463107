// One verification / password-reset mail per record per 2 minutes (auth.md §6, §8), counted in core.counters.
import type { WindowCounters } from '../../counters.ts';

const WINDOW_MS = 2 * 60 * 1000;

/**
 * true (and the slot taken) when a mail of `kind` may go to the record now; false while throttled.
 * The throttle is silent: the API answers 204 either way. Shared by every worker.
 */
export function takeMailSlot(
  counters: WindowCounters,
  kind: string,
  collectionId: string,
  recordId: string,
): boolean {
  return counters.hit(`mail\0${kind}:${collectionId}:${recordId}`, WINDOW_MS) === 1;
}
