// One writer at a time: every write transaction waits its turn here, so SQLITE_BUSY never reaches a request.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Conn } from './conn.ts';

/**
 * Transactions may await (hooks, hashing) without another request's writes interleaving: the next
 * one starts only when this one has committed or rolled back. A nested `run` inside a transaction
 * becomes a SAVEPOINT, so a failing inner step (a batch sub-request) can roll back alone.
 */
/** The open outermost transaction: savepoint depth and work to run once it commits. */
interface TxState {
  depth: number;
  onCommit: (() => unknown)[];
  onRollback: ((error: unknown) => unknown)[];
}

/** Runs undo work (e.g. deleting files written for rolled-back rows); a failure is logged only. */
async function runAll(callbacks: ((error: unknown) => unknown)[], error: unknown): Promise<void> {
  const results = await Promise.allSettled(
    callbacks.map((cb) => Promise.resolve().then(() => cb(error))),
  );
  for (const r of results) {
    if (r.status === 'rejected') console.error('rollback callback failed:', r.reason);
  }
}

/** SQLITE_BUSY (primary code 5): another process holds the write lock longer than busy_timeout. */
const isBusy = (err: unknown) => ((err as { errno?: number } | null)?.errno ?? 0) % 256 === 5;

/** How long `BEGIN IMMEDIATE` keeps retrying after busy_timeout gave up, before the error surfaces. */
const BUSY_RETRY_MS = 10_000;
/** Retries that only yield to the event loop before the queue starts sleeping between them. */
const YIELDS = 20;

/** What the metrics read (plain numbers: db knows nothing of metrics). */
export interface WriteQueueStats {
  /** Transactions queued or running now. */
  depth: number;
  /** Transactions that have started, and their total wait for the writer in milliseconds. */
  started: number;
  waitedMs: number;
  /** `BEGIN IMMEDIATE` attempts that found the file locked by another process (`--workers`). */
  busyRetries: number;
}

export class WriteQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly current = new AsyncLocalStorage<TxState>();
  private savepoints = 0;
  readonly stats: WriteQueueStats = { depth: 0, started: 0, waitedMs: 0, busyRetries: 0 };

  constructor(private readonly writer: Conn) {}

  /** The writer connection, for reads that must see the open transaction's own writes. */
  get inTransaction(): Conn | null {
    return this.current.getStore() ? this.writer : null;
  }

  run<T>(fn: (tx: Conn) => T | Promise<T>): Promise<T> {
    const active = this.current.getStore();
    if (active) return this.nested(active, fn);
    const state: TxState = { depth: 0, onCommit: [], onRollback: [] };
    const queued = performance.now();
    this.stats.depth++;
    const result = this.tail.then(() => {
      this.stats.started++;
      this.stats.waitedMs += performance.now() - queued;
      return this.current.run(state, () => this.transaction(fn, state));
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  private async transaction<T>(fn: (tx: Conn) => T | Promise<T>, state: TxState): Promise<T> {
    let value: T;
    try {
      await this.begin();
      value = await fn(this.writer);
      this.writer.exec('COMMIT');
    } catch (err) {
      if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
      await runAll(state.onRollback, err);
      throw err;
    } finally {
      this.stats.depth--;
    }
    // Outside the ALS scope of the transaction, so after-commit work can start new writes.
    const callbacks = state.onCommit;
    queueMicrotask(() => {
      for (const cb of callbacks) {
        Promise.resolve()
          .then(cb)
          .catch((err) => console.error('after-commit callback failed:', err));
      }
    });
    return value;
  }

  /**
   * Other processes (`serve --workers`, a CLI command) write the same file: busy_timeout waits for
   * their lock inside SQLite; if it still isn't free, retry here without blocking the event loop.
   * After `shareWithWorkers()` SQLite doesn't wait at all and every retry is here: the first ones
   * only yield to the event loop (another worker's transaction usually ends within a millisecond).
   */
  private async begin(): Promise<void> {
    const deadline = performance.now() + BUSY_RETRY_MS;
    for (let attempt = 0; ; attempt++) {
      try {
        // PostgreSQL locks rows, not the database: a plain BEGIN; SQLite takes the write lock up front.
        this.writer.exec(this.writer.engine === 'postgres' ? 'BEGIN' : 'BEGIN IMMEDIATE');
        return;
      } catch (err) {
        if (!isBusy(err) || performance.now() >= deadline) throw err;
        this.stats.busyRetries++;
        if (attempt < YIELDS) await new Promise((resolve) => setImmediate(resolve));
        else await Bun.sleep(Math.min(2 ** (attempt - YIELDS), 50));
      }
    }
  }

  /**
   * Several workers write this file: SQLite's busy handler would sleep on this thread (1, 2, 5 …
   * ms, serving nothing meanwhile); the queue's retry yields to the event loop instead.
   */
  shareWithWorkers(): void {
    this.writer.exec('PRAGMA busy_timeout = 0');
  }

  /**
   * Runs `fn` once the outermost transaction has committed (right away when none is open); dropped
   * on rollback. After-success hooks (realtime, logs) use it so a batch or a cascade never announces
   * a write that is later rolled back.
   */
  afterCommit(fn: () => unknown): void {
    const active = this.current.getStore();
    if (!active) {
      void Promise.resolve()
        .then(fn)
        .catch((err) => console.error('after-commit callback failed:', err));
      return;
    }
    active.onCommit.push(fn);
  }

  private async nested<T>(active: TxState, fn: (tx: Conn) => T | Promise<T>): Promise<T> {
    const name = `sp${++this.savepoints}`;
    this.writer.exec(`SAVEPOINT ${name}`);
    active.depth++;
    const queued = active.onCommit.length;
    const undoFrom = active.onRollback.length;
    try {
      const value = await fn(this.writer);
      this.writer.exec(`RELEASE ${name}`);
      return value;
    } catch (err) {
      active.onCommit.length = queued; // what the rolled-back part queued never happened
      this.writer.exec(`ROLLBACK TO ${name}`);
      this.writer.exec(`RELEASE ${name}`);
      await runAll(active.onRollback.splice(undoFrom), err);
      throw err;
    } finally {
      active.depth--;
    }
  }

  /**
   * Runs `fn` if the work done so far in the current transaction is rolled back: when the
   * savepoint it was registered in fails, or the outermost transaction does. Outside a transaction
   * there is nothing to undo. Used for side effects beyond SQLite, such as uploaded files, and for
   * the after-error hooks of writes that had succeeded (`fn` gets what rolled it back).
   */
  onRollback(fn: (error: unknown) => unknown): void {
    this.current.getStore()?.onRollback.push(fn);
  }

  /**
   * A passive checkpoint on the writer in its turn, between transactions (SQLite refuses one inside
   * a transaction). With no write in progress it copies the whole WAL back, so the next write
   * starts the WAL over instead of growing it (src/db/snapshot.ts, startCheckpoints).
   */
  checkpoint(): Promise<void> {
    const result = this.tail.then(() => this.writer.exec('PRAGMA wal_checkpoint(PASSIVE)'));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Resolves once every queued transaction has finished (graceful shutdown). */
  async drain(): Promise<void> {
    await this.tail;
  }
}
