// Window counters and expiring values in a small SQLite file every worker of one `serve --workers` group opens.
import { Database } from 'bun:sqlite';

/** Same shapes as core's WindowCounters and ExpiringValues (db knows nothing of core). */
export interface SqliteCounters {
  hit(key: string, windowMs: number, now?: number): number;
  peek(key: string, windowMs: number, now?: number): number;
  reset(key: string): void;
  put(key: string, value: string, ttlMs: number, now?: number): void;
  take(key: string, now?: number): string;
  close(): void;
}

/** Finished windows are deleted at most this often. */
const SWEEP_EVERY_MS = 60_000;

/**
 * One UPSERT per hit, atomic across processes: a window that has ended restarts at 1. The file is
 * scratch state (a restart forgets it, like one process's memory), so durability is off.
 */
export function openSharedCounters(path: string): SqliteCounters {
  const db = new Database(path, { create: true });
  db.run('PRAGMA busy_timeout = 5000');
  db.run('PRAGMA journal_mode = WAL');
  db.run('PRAGMA synchronous = OFF');
  db.run(
    'CREATE TABLE IF NOT EXISTS counters (key TEXT PRIMARY KEY, start INTEGER NOT NULL, count INTEGER NOT NULL, window INTEGER NOT NULL)',
  );
  // In DO UPDATE every `start` is the row's old value: both CASEs test the same window.
  const hit = db.query<{ count: number }, [string, number, number]>(
    `INSERT INTO counters (key, start, count, window) VALUES (?1, ?2, 1, ?3)
     ON CONFLICT(key) DO UPDATE SET
       count = CASE WHEN ?2 - start >= ?3 THEN 1 ELSE count + 1 END,
       start = CASE WHEN ?2 - start >= ?3 THEN ?2 ELSE start END,
       window = ?3
     RETURNING count`,
  );
  const peek = db.query<{ count: number }, [string, number, number]>(
    'SELECT count FROM counters WHERE key = ?1 AND ?2 - start < ?3',
  );
  const reset = db.query('DELETE FROM counters WHERE key = ?');
  const sweep = db.query('DELETE FROM counters WHERE ? - start >= window');
  db.run(
    'CREATE TABLE IF NOT EXISTS vals (key TEXT PRIMARY KEY, value TEXT NOT NULL, until INTEGER NOT NULL)',
  );
  const put = db.query('INSERT OR REPLACE INTO vals (key, value, until) VALUES (?, ?, ?)');
  // DELETE … RETURNING: read and removed in one statement, so two workers can't both take it.
  const take = db.query<{ value: string; until: number }, [string]>(
    'DELETE FROM vals WHERE key = ? RETURNING value, until',
  );
  const sweepValues = db.query('DELETE FROM vals WHERE until <= ?');
  let lastSweep = 0;
  return {
    hit(key, windowMs, now = Date.now()) {
      if (now - lastSweep >= SWEEP_EVERY_MS) {
        lastSweep = now;
        sweep.run(now);
        sweepValues.run(now);
      }
      return hit.get(key, now, windowMs)?.count ?? 1;
    },
    put: (key, value, ttlMs, now = Date.now()) => void put.run(key, value, now + ttlMs),
    take(key, now = Date.now()) {
      const row = take.get(key);
      return row && row.until > now ? row.value : '';
    },
    peek: (key, windowMs, now = Date.now()) => peek.get(key, now, windowMs)?.count ?? 0,
    reset: (key) => void reset.run(key),
    close: () => db.close(),
  };
}
