// Short-lived values handed from one request to a later one (Apple's name by code), one process or several.

/**
 * `put` keeps a value for `ttlMs`; `take` returns it once. In one process a Map
 * (`createLocalValues`); `serve --workers` keeps them in the group's shared SQLite file
 * (`db/shared-counters.ts`), since the later request may reach another worker.
 */
export interface ExpiringValues {
  put(key: string, value: string, ttlMs: number, now?: number): void;
  /** The value, once (deleted as it is read); '' when none or expired. */
  take(key: string, now?: number): string;
}

/** Beyond this many entries, expired ones are dropped (and all, if an attacker fills it). */
const MAX_KEYS = 10_000;

export function createLocalValues(): ExpiringValues {
  const values = new Map<string, { value: string; until: number }>();
  return {
    put(key, value, ttlMs, now = Date.now()) {
      if (values.size >= MAX_KEYS) {
        for (const [k, v] of values) if (v.until <= now) values.delete(k);
        if (values.size >= MAX_KEYS) values.clear();
      }
      values.set(key, { value, until: now + ttlMs });
    },
    take(key, now = Date.now()) {
      const v = values.get(key);
      values.delete(key);
      return v && v.until > now ? v.value : '';
    },
  };
}
