// Fixed-window request counters (PocketBase's `fixedWindow`): at most N hits per key per window.
import type { WindowCounters } from '../counters.ts';

export interface FixedWindowLimiter {
  /** Counts one hit for `key`; false once `maxRequests` were already counted in this window. */
  hit(key: string, maxRequests: number, durationSeconds: number, now?: number): boolean;
}

/**
 * Over the core's counters (`counters()`: the current core's, which a restore replaces), so
 * `--workers` share one window per key. A refused hit is counted too; the window's start, and so
 * the outcome, stays the same.
 */
export function createFixedWindowLimiter(counters: () => WindowCounters): FixedWindowLimiter {
  return {
    hit: (key, maxRequests, durationSeconds, now = Date.now()) =>
      counters().hit(`rate\0${key}`, durationSeconds * 1000, now) <= maxRequests,
  };
}
