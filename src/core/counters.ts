// Counts per key in fixed time windows: the state behind throttles and rate limits, one process or several.

/**
 * A window opens at a key's first hit and lasts `windowMs`; the next hit after it opens a new one.
 * In one process a Map holds them (`createLocalCounters`); `serve --workers` shares one SQLite file
 * (`db/shared-counters.ts`), so a limit reached through one worker holds on every worker; several
 * nodes would keep them in their shared database.
 */
export interface WindowCounters {
  /** Counts one hit for `key` and returns the hits in its current window, this one included. */
  hit(key: string, windowMs: number, now?: number): number;
  /** The hits in `key`'s current window (0 when none is open), without counting one. */
  peek(key: string, windowMs: number, now?: number): number;
  reset(key: string): void;
}

interface Slot {
  start: number;
  count: number;
  windowMs: number;
}

/** Beyond this many live keys, finished windows are dropped (and all, if an attacker fills it). */
const MAX_KEYS = 100_000;

export function createLocalCounters(): WindowCounters {
  const slots = new Map<string, Slot>();
  const prune = (now: number) => {
    for (const [k, s] of slots) if (now - s.start >= s.windowMs) slots.delete(k);
    if (slots.size >= MAX_KEYS) slots.clear();
  };
  return {
    hit(key, windowMs, now = Date.now()) {
      let slot = slots.get(key);
      if (!slot || now - slot.start >= windowMs) {
        if (!slot && slots.size >= MAX_KEYS) prune(now);
        slot = { start: now, count: 0, windowMs };
        slots.set(key, slot);
      }
      return ++slot.count;
    },
    peek(key, windowMs, now = Date.now()) {
      const slot = slots.get(key);
      return slot && now - slot.start < windowMs ? slot.count : 0;
    },
    reset(key) {
      slots.delete(key);
    },
  };
}
