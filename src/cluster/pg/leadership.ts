// Leadership between nodes: a PostgreSQL advisory lock held by a session on a connection of its own.
import { SQL } from 'bun';
import type { Leadership } from '../../core/cluster.ts';

export interface PgLeadershipOptions {
  /** How often the leader checks it still holds the lock, and the others try to take it. */
  intervalMs?: number;
  /** A check that takes longer counts as a lost connection. */
  timeoutMs?: number;
  /** Another lock (tests run several groups on one server); default: Satchel's. */
  key?: number;
}

/** `pg_locks` shows a two-int advisory lock as classid/objid with objsubid 2. */
const LOCK_CLASS = 2035574116;
const DEFAULT_KEY = 3;

/**
 * One question per tick: do we hold it (its session's row in `pg_locks`), else try to take it.
 * `CASE` evaluates lazily, so a holder never stacks a second lock level on itself.
 */
const TICK = `SELECT CASE WHEN EXISTS (
    SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()
      AND classid = ${LOCK_CLASS} AND objid = $1 AND objsubid = 2 AND granted
  ) THEN true ELSE pg_try_advisory_lock(${LOCK_CLASS}, $1) END AS held`;

/**
 * The lock lives as long as the session: when its connection dies PostgreSQL releases it and the
 * next node to tick takes over. The old leader finds out on its own next tick (the query fails,
 * or the reconnected session doesn't hold it) and fires `onChange(false)`; both may believe they
 * lead for up to one interval, which once-only work (cron, purges) tolerates.
 */
export class PgLeadership implements Leadership {
  isLeader = false;
  private readonly listeners = new Set<(isLeader: boolean) => void>();
  private readonly sql: SQL;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;
  private readonly intervalMs: number;
  private readonly timeoutMs: number;
  private readonly key: number;

  constructor(url: string, options: PgLeadershipOptions = {}) {
    // Its own pool of one: the session holding the lock must not run anything else's queries.
    this.sql = new SQL(url, {
      max: 1,
      idleTimeout: 0,
      connection: { application_name: 'satchel-leader' },
    });
    this.intervalMs = options.intervalMs ?? 1_000;
    this.timeoutMs = options.timeoutMs ?? 3_000;
    this.key = options.key ?? DEFAULT_KEY;
  }

  /** Tries once now, then every interval. */
  async start(): Promise<void> {
    await this.tick();
  }

  onChange(fn: (isLeader: boolean) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** The backend holding (or trying for) the lock: tests terminate it. */
  async backendPid(): Promise<number> {
    const [row] = await this.sql.unsafe('SELECT pg_backend_pid() AS pid');
    return row.pid as number;
  }

  /** Releases the lock by closing its session. */
  async close(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.set(false);
    await this.sql.close({ timeout: 1 }).catch(() => {});
  }

  private async tick(): Promise<void> {
    let held = false;
    try {
      const [row] = await withTimeout(this.sql.unsafe(TICK, [this.key]), this.timeoutMs);
      held = row.held === true;
    } catch {
      held = false; // the connection is gone (its lock with it) or hangs: not the leader now
    }
    if (this.stopped) return;
    this.set(held);
    this.timer = setTimeout(() => void this.tick(), this.intervalMs);
    this.timer.unref?.();
  }

  private set(isLeader: boolean): void {
    if (isLeader === this.isLeader) return;
    this.isLeader = isLeader;
    for (const fn of this.listeners) {
      try {
        fn(isLeader);
      } catch (err) {
        console.error('leadership listener failed:', err);
      }
    }
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, expired]).finally(() => clearTimeout(timer));
}
