// Notices commits other processes made to `_collections` and `_params`: a cheap poll of SQLite's data_version.
import type { Conn } from './conn.ts';

export type WatchedTable = 'collections' | 'settings';

/** The rows whose text decides whether a cache is stale (`_params` also holds e.g. `satchel`). */
const SNAPSHOT: Record<WatchedTable, string> = {
  collections: "SELECT group_concat(id || ':' || updated, ',') AS v FROM _collections",
  // The value itself: a few KB, and two saves within one millisecond keep the same `updated`.
  settings: "SELECT group_concat(id || ':' || updated || ':' || value, ',') AS v FROM _params",
};

/**
 * `PRAGMA data_version` changes when another connection commits to the file (another worker, or
 * this process's own writer); costs microseconds, so polling every `intervalMs` is cheap. Only then
 * are the two small snapshots compared, so a stream of record writes doesn't reload anything.
 * `check` polls once now (a cache miss asks before answering 404).
 */
export function watchSharedTables(
  conn: Conn,
  onChange: (table: WatchedTable) => void,
  intervalMs = 25,
): { stop(): void; check(): boolean } {
  const version = () => conn.get<{ data_version: number }>('PRAGMA data_version')?.data_version;
  const snapshot = (t: WatchedTable) => conn.get<{ v: string | null }>(SNAPSHOT[t])?.v ?? '';
  let seen = version();
  const last = { collections: snapshot('collections'), settings: snapshot('settings') };
  /** One poll: true when a watched table changed (its `onChange` has run). */
  const check = (): boolean => {
    const now = version();
    if (now === seen) return false;
    seen = now;
    let changed = false;
    for (const table of ['collections', 'settings'] as const) {
      const text = snapshot(table);
      if (text === last[table]) continue;
      last[table] = text;
      changed = true;
      onChange(table);
    }
    return changed;
  };
  const timer = setInterval(() => {
    try {
      check();
    } catch (err) {
      // Busy during a checkpoint or a restore's swap: the next tick tries again.
      console.error('change watch failed:', err);
    }
  }, intervalMs);
  timer.unref?.();
  return { stop: () => clearInterval(timer), check };
}
