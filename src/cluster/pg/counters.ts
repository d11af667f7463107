// Throttle windows and hand-over values in the shared database: every node counts in, and takes from, the same rows.
import type { WindowCounters } from '../../core/counters.ts';
import type { ExpiringValues } from '../../core/expiring-values.ts';
import type { Conn } from '../../db/conn.ts';

/**
 * The statements, `?`-placeheld for `Conn`. Each is one atomic statement, so two nodes counting
 * the same key at once both land: an UPSERT per hit (a window that has ended restarts at 1), a
 * DELETE … RETURNING per take (only one node gets the value). In DO UPDATE, `_satchel_counters.*`
 * is the row before the update in both CASEs, `EXCLUDED.*` this hit. The text runs on SQLite too.
 */
export const COUNTER_SQL = {
  hit: `INSERT INTO _satchel_counters (key, start, count, "window") VALUES (?, ?, 1, ?)
ON CONFLICT (key) DO UPDATE SET
  count = CASE WHEN EXCLUDED.start - _satchel_counters.start >= EXCLUDED."window" THEN 1
    ELSE _satchel_counters.count + 1 END,
  start = CASE WHEN EXCLUDED.start - _satchel_counters.start >= EXCLUDED."window" THEN EXCLUDED.start
    ELSE _satchel_counters.start END,
  "window" = EXCLUDED."window"
RETURNING count`,
  peek: 'SELECT count FROM _satchel_counters WHERE key = ? AND ? - start < ?',
  reset: 'DELETE FROM _satchel_counters WHERE key = ?',
  sweep: 'DELETE FROM _satchel_counters WHERE ? - start >= "window"',
  put: `INSERT INTO _satchel_values (key, value, until) VALUES (?, ?, ?)
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, until = EXCLUDED.until`,
  take: 'DELETE FROM _satchel_values WHERE key = ? RETURNING value, until',
  sweepValues: 'DELETE FROM _satchel_values WHERE until <= ?',
} as const;

/**
 * PostgreSQL text can't hold NUL, which the core's keys use as a separator (`attempts.ts`):
 * escaped one-to-one, so distinct keys stay distinct.
 */
const storedKey = (key: string) => key.replaceAll('\\', '\\\\').replaceAll('\0', '\\0');

/** Finished windows and expired values are deleted at most this often (by whichever node hits). */
const SWEEP_EVERY_MS = 60_000;

/**
 * Times are each node's `Date.now()`: nodes' clocks must agree to well within the shortest window
 * (NTP does). `conn` gives the node's synchronous connection (`?` placeholders) to the shared
 * database, asked at each use: a node binds it once its core has opened (cluster/pg/node.ts).
 */
export function createPgCounters(conn: () => Conn): WindowCounters {
  let lastSweep = 0;
  return {
    hit(key, windowMs, now = Date.now()) {
      if (now - lastSweep >= SWEEP_EVERY_MS) {
        lastSweep = now;
        conn().run(COUNTER_SQL.sweep, [now]);
      }
      return Number(
        conn().get<{ count: unknown }>(COUNTER_SQL.hit, [storedKey(key), now, windowMs])?.count ??
          1,
      );
    },
    peek: (key, windowMs, now = Date.now()) =>
      Number(
        conn().get<{ count: unknown }>(COUNTER_SQL.peek, [storedKey(key), now, windowMs])?.count ??
          0,
      ),
    reset: (key) => void conn().run(COUNTER_SQL.reset, [storedKey(key)]),
  };
}

export function createPgValues(conn: () => Conn): ExpiringValues {
  let lastSweep = 0;
  return {
    put(key, value, ttlMs, now = Date.now()) {
      if (now - lastSweep >= SWEEP_EVERY_MS) {
        lastSweep = now;
        conn().run(COUNTER_SQL.sweepValues, [now]);
      }
      conn().run(COUNTER_SQL.put, [storedKey(key), value, now + ttlMs]);
    },
    take(key, now = Date.now()) {
      const row = conn().get<{ value: string; until: unknown }>(COUNTER_SQL.take, [storedKey(key)]);
      return row && Number(row.until) > now ? row.value : '';
    },
  };
}
