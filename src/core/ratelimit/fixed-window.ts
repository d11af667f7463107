// Fixed-window request counters (PocketBase's `fixedWindow`): at most N hits per key per window.

interface Window {
  start: number;
  count: number;
  durationMs: number;
}

/** Expired windows are swept at most this often, so idle clients do not pile up. */
const SWEEP_EVERY_MS = 60_000;

export interface FixedWindowLimiter {
  /** Counts one hit for `key`; false once `maxRequests` were already counted in this window. */
  hit(key: string, maxRequests: number, durationSeconds: number, now?: number): boolean;
  /** Live counters (for tests and diagnostics). */
  size(): number;
}

export function createFixedWindowLimiter(): FixedWindowLimiter {
  const windows = new Map<string, Window>();
  let lastSweep = 0;
  const sweep = (now: number) => {
    lastSweep = now;
    for (const [key, w] of windows) if (now - w.start >= w.durationMs) windows.delete(key);
  };
  return {
    hit(key, maxRequests, durationSeconds, now = Date.now()) {
      if (now - lastSweep >= SWEEP_EVERY_MS) sweep(now);
      const durationMs = durationSeconds * 1000;
      let w = windows.get(key);
      if (!w || now - w.start >= durationMs) {
        w = { start: now, count: 0, durationMs };
        windows.set(key, w);
      }
      if (w.count >= maxRequests) return false;
      w.count++;
      return true;
    },
    size: () => windows.size,
  };
}
