// One verification / password-reset mail per record per 2 minutes, in memory (auth.md §6, §8).

const WINDOW_MS = 2 * 60 * 1000;
const MAX_ENTRIES = 50_000;

const lastSent = new Map<string, number>();

/**
 * true (and the slot taken) when a mail of `kind` may go to the record now; false while throttled.
 * The throttle is silent: the API answers 204 either way.
 */
export function takeMailSlot(kind: string, collectionId: string, recordId: string): boolean {
  const key = `${kind}:${collectionId}:${recordId}`;
  const now = Date.now();
  const last = lastSent.get(key);
  if (last !== undefined && now - last < WINDOW_MS) return false;
  if (lastSent.size >= MAX_ENTRIES) {
    for (const [k, t] of lastSent) if (now - t >= WINDOW_MS) lastSent.delete(k);
    if (lastSent.size >= MAX_ENTRIES) lastSent.clear();
  }
  lastSent.set(key, now);
  return true;
}
