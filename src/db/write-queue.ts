// One writer at a time: every write transaction waits its turn here, so SQLITE_BUSY never reaches a request.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Conn } from './conn.ts';
import type { WriteTurns } from './write-turns.ts';

/**
 * Transactions may await (hooks, hashing) without another request's writes interleaving: the next
 * one starts only when this one has committed or rolled back. A nested `run` inside a transaction
 * becomes a SAVEPOINT, so a failing inner step (a batch sub-request) can roll back alone.
 */
/** The open outermost transaction: savepoint depth and work to run once it commits. */
interface TxState {
  depth: number;
  /** Awaited, in order, right before COMMIT (e.g. other processes deciding on a delete). */
  beforeCommit: (() => unknown)[];
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

const nextTurnOfLoop = () => new Promise((resolve) => setImmediate(resolve));

/** What the metrics read (plain numbers: db knows nothing of metrics). */
export interface WriteQueueStats {
  /** Transactions queued or running now. */
  depth: number;
  /** Transactions that have started, and their total wait for the writer in milliseconds. */
  started: number;
  waitedMs: number;
  /** `BEGIN IMMEDIATE` attempts that found the file locked by another process (`--workers`). */
  busyRetries: number;
  /** COMMITs: fewer than `started` when grouped transactions shared one. */
  commits: number;
}

/** What `run` may be told: `group` lets the transaction share a COMMIT with others waiting. */
export interface RunOptions {
  /**
   * Self-contained work (a record save or delete) that may run inside a savepoint of a transaction
   * other grouped work shares, committed once for all: on SQLite a COMMIT writes the WAL, the
   * largest fixed cost of a small write. Each caller is still answered only after that COMMIT.
   */
  group?: boolean;
}

/** A transaction waiting its turn, with its caller's async context. */
interface Job {
  fn: (tx: Conn) => unknown;
  state: TxState;
  queued: number;
  group: boolean;
  /** Runs between transactions, outside any (a checkpoint: SQLite refuses one inside). */
  bare?: boolean;
  context: <R>(fn: () => R) => R;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/** Told of every COMMIT (WAL checkpoints); `drain` waits for work it started, as the queue's does. */
export interface CommitWatcher {
  committed(): void;
  /** Null, or what to wait for before the next transaction (a checkpoint writes can't outpace). */
  backlog(): Promise<void> | null;
  readonly busy: boolean;
  drain(): Promise<void>;
}

/** A job that ran and waits for its group's COMMIT. */
interface Done {
  job: Job;
  value: unknown;
}

/** A group stops taking waiting jobs at this size or age, so the first one's answer isn't held long. */
const GROUP_MAX = 32;
const GROUP_MAX_MS = 5;

export class WriteQueue {
  private readonly pending: Job[] = [];
  private pumping: Promise<void> | null = null;
  private readonly current = new AsyncLocalStorage<TxState>();
  private savepoints = 0;
  private watcher: CommitWatcher | null = null;
  /** Set under `serve --workers`: data.db's write lock taken in turns with the siblings. */
  private turns: WriteTurns | null = null;
  /** Other processes (`serve --workers`) write the same file all the time. */
  private sharedWithWorkers = false;
  readonly stats: WriteQueueStats = {
    depth: 0,
    started: 0,
    waitedMs: 0,
    busyRetries: 0,
    commits: 0,
  };

  constructor(private readonly writer: Conn) {}

  /**
   * How deep in savepoints the current write is: 0 for a transaction's own outermost work (or
   * outside one), more inside a batch, a cascade or a nested run.
   */
  get nesting(): number {
    return this.current.getStore()?.depth ?? 0;
  }

  /** The writer connection, for reads that must see the open transaction's own writes. */
  get inTransaction(): Conn | null {
    return this.current.getStore() ? this.writer : null;
  }

  run<T>(fn: (tx: Conn) => T | Promise<T>, options: RunOptions = {}): Promise<T> {
    const active = this.current.getStore();
    if (active) return this.nested(active, fn);
    const { promise, resolve, reject } = Promise.withResolvers<T>();
    this.stats.depth++;
    this.pending.push({
      fn,
      state: { depth: 0, beforeCommit: [], onCommit: [], onRollback: [] },
      queued: performance.now(),
      // Grouping is for SQLite: a PostgreSQL savepoint costs the round trips a COMMIT would.
      group: options.group === true && this.writer.engine === 'sqlite',
      // The caller's async context (its own AsyncLocalStorage values), not the pump's.
      context: AsyncLocalStorage.snapshot(),
      resolve: resolve as (value: unknown) => void,
      reject,
    });
    // Never inside the caller's synchronous code. Grouped work waits for the next turn of the event
    // loop: the requests read in this turn queue up meanwhile and share the transaction (a
    // microtask would start it before the next request of the same socket read is even parsed).
    this.pumping ??= (
      this.pending[0]!.group ? new Promise((next) => setImmediate(next)) : Promise.resolve()
    ).then(() => this.pump());
    return promise;
  }

  /** Runs the waiting transactions one after the other until none is left. */
  private async pump(): Promise<void> {
    try {
      for (let job = this.pending.shift(); job; job = this.pending.shift()) {
        const backlog = job.bare ? null : this.watcher?.backlog();
        if (backlog) await backlog;
        if (job.bare) await this.runBare(job);
        else {
          // A sibling waits for the lock this process has just let go (and was nudged): without
          // this, the next BEGIN would follow the COMMIT within microseconds and the sibling's retry
          // would find the lock taken again. Meanwhile this process's requests queue up for its
          // next group; the sibling's COMMIT nudges it back.
          if (this.turns?.othersWaiting()) await this.turns.nextTurn();
          await this.runGroup(job);
        }
      }
    } finally {
      this.pumping = null;
    }
  }

  /** Runs `job` in the job's own context with its transaction state: what `inTransaction` reads. */
  private call(job: Job): Promise<unknown> {
    this.stats.started++;
    this.stats.waitedMs += performance.now() - job.queued;
    return job.context(() =>
      this.current.run(job.state, async () => {
        const value = await job.fn(this.writer);
        // Its last step before COMMIT: in a group, before its savepoint is released (later
        // members' work follows it), so a failure here still undoes this member alone.
        for (const cb of job.state.beforeCommit) await cb();
        return value;
      }),
    );
  }

  /**
   * One transaction: `first`, then (grouped work only) the grouped jobs already waiting, each in a
   * savepoint so its failure undoes its work alone; one COMMIT, then every member is answered.
   */
  private async runGroup(first: Job): Promise<void> {
    const done: Done[] = [];
    try {
      await this.begin();
      done.push({ job: first, value: await this.call(first) });
    } catch (err) {
      this.rollback('ROLLBACK');
      this.fail(first, err);
      return;
    }
    const started = performance.now();
    while (first.group && done.length < GROUP_MAX && performance.now() - started < GROUP_MAX_MS) {
      const job = this.pending[0];
      if (!job?.group) break;
      this.pending.shift();
      // Members follow one another (never nest), so one name serves them all; a member's own
      // nested runs get numbered names.
      const name = 'sp_group';
      try {
        this.control(`SAVEPOINT ${name}`);
        const value = await this.call(job);
        this.control(`RELEASE ${name}`);
        done.push({ job, value });
      } catch (err) {
        // SQLite may have rolled the whole transaction back (I/O error, disk full): then every
        // member failed, not only this one.
        if (!this.rollback(`ROLLBACK TO ${name}`) || !this.rollback(`RELEASE ${name}`)) {
          this.rollback('ROLLBACK');
          this.fail(job, err);
          for (const d of done) this.fail(d.job, err);
          return;
        }
        this.fail(job, err);
      }
    }
    try {
      this.control('COMMIT');
      this.turns?.release();
      this.stats.commits++;
      this.watcher?.committed();
    } catch (err) {
      this.rollback('ROLLBACK');
      for (const d of done) this.fail(d.job, err);
      return;
    }
    for (const { job, value } of done) {
      this.stats.depth--;
      // Outside the ALS scope of the transaction, so after-commit work can start new writes.
      const callbacks = job.state.onCommit;
      if (callbacks.length > 0) {
        // In the caller's async context (its AsyncLocalStorage values), not the pump's.
        queueMicrotask(() =>
          job.context(() => {
            for (const cb of callbacks) {
              Promise.resolve()
                .then(cb)
                .catch((err) => console.error('after-commit callback failed:', err));
            }
          }),
        );
      }
      job.resolve(value);
    }
  }

  /**
   * A transaction-control statement. On SQLite through the statement cache: `exec` would prepare
   * and finalize BEGIN, SAVEPOINT, RELEASE and COMMIT on every write.
   */
  private control(sql: string): void {
    if (this.writer.engine === 'sqlite') this.writer.run(sql);
    else this.writer.exec(sql);
  }

  /** Runs a ROLLBACK (TO) if a transaction is still open; false when there is none or it failed. */
  private rollback(sql: string): boolean {
    if (sql === 'ROLLBACK') this.turns?.release();
    if (!this.writer.inTransaction) return false;
    try {
      this.writer.exec(sql);
      return true;
    } catch (err) {
      console.error(`${sql} failed:`, err);
      return false;
    }
  }

  /**
   * A member whose work was rolled back: its undo work runs, then its caller hears the error. Not
   * awaited by the pump: undo work (an after-error hook) may itself write, and that write queues
   * behind the pump; it runs in the caller's async context, as it would have without the queue.
   */
  private fail(job: Job, err: unknown): void {
    this.stats.depth--;
    void job
      .context(() => runAll(job.state.onRollback, err))
      .catch((e) => console.error('rollback callback failed:', e))
      .then(() => job.reject(err));
  }

  /**
   * Other processes (`serve --workers`, a CLI command) write the same file: busy_timeout waits for
   * their lock inside SQLite; if it still isn't free, retry here without blocking the event loop.
   * After `shareWithWorkers()` SQLite doesn't wait at all and every retry is here: while a sibling
   * marks that it holds the lock, until it nudges (write-turns.ts); otherwise (a CLI command, a
   * checkpoint) the first ones only yield to the event loop, then sleep.
   */
  private async begin(): Promise<void> {
    const started = performance.now();
    const deadline = started + BUSY_RETRY_MS;
    const turns = this.turns;
    for (let attempt = 0; ; attempt++) {
      try {
        // PostgreSQL locks rows, not the database: a plain BEGIN; SQLite takes the write lock up front.
        this.control(this.writer.engine === 'postgres' ? 'BEGIN' : 'BEGIN IMMEDIATE');
        turns?.holding(true);
        return;
      } catch (err) {
        if (!isBusy(err) || performance.now() >= deadline) {
          turns?.holding(false);
          throw err;
        }
        this.stats.busyRetries++;
        // Marked first, then the holder's mark read: a holder letting go meanwhile sees the mark
        // and nudges (or, in a rare interleaving, the wait's timer tick ends it).
        turns?.waiting();
        if (turns?.othersHolding()) {
          // A sibling holds it: its COMMIT nudges this process (no polling meanwhile).
          await turns.nextTurn();
          attempt = -1; // the sleeps below, if ever, start short
        } else if (attempt < YIELDS) await nextTurnOfLoop();
        else await Bun.sleep(Math.min(2 ** (attempt - YIELDS), 50));
      }
    }
  }

  /**
   * Several workers write this file: SQLite's busy handler would sleep on this thread (1, 2, 5 …
   * ms, serving nothing meanwhile); the queue's retry yields to the event loop instead. With
   * `turns` the siblings take the lock in turns (src/db/write-turns.ts).
   */
  shareWithWorkers(turns: WriteTurns | null = null): void {
    this.writer.exec('PRAGMA busy_timeout = 0');
    this.turns = turns;
    this.sharedWithWorkers = true;
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
    const waits = active.beforeCommit.length;
    const undoFrom = active.onRollback.length;
    try {
      const value = await fn(this.writer);
      this.writer.exec(`RELEASE ${name}`);
      return value;
    } catch (err) {
      active.onCommit.length = queued; // what the rolled-back part queued never happened
      active.beforeCommit.length = waits;
      this.writer.exec(`ROLLBACK TO ${name}`);
      this.writer.exec(`RELEASE ${name}`);
      await runAll(active.onRollback.splice(undoFrom), err);
      throw err;
    } finally {
      active.depth--;
    }
  }

  /**
   * Awaits `fn` right before the outermost transaction commits (with the write lock still held);
   * in a group, right before the member's own savepoint is released; dropped with a savepoint that
   * rolls back. Outside a transaction there is nothing to wait for.
   */
  beforeCommit(fn: () => unknown): void {
    this.current.getStore()?.beforeCommit.push(fn);
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
   * A passive checkpoint in the writer's turn, between transactions (SQLite refuses one inside a
   * transaction). With no write in progress it copies the whole WAL back, so the next write starts
   * the WAL over instead of growing it (src/db/snapshot.ts, startCheckpoints). `elsewhere` runs it
   * on another connection (a worker thread's) while the queue waits: its copying and fsyncs then
   * block writes, not the event loop (measured on the writer: up to 52 ms on a busy disk). When it
   * answers false (it failed) the writer runs its own.
   *
   * Under `serve --workers` this process's turn doesn't stop the siblings' writes: appended while
   * the tail is copied, their frames left the WAL never fully copied, so it never started over and
   * grew until writes waited for the copying (up to 0.1–0.4 s at 2 workers under creates). There
   * the writer holds data.db's write lock (an empty transaction) while `elsewhere` copies.
   */
  checkpoint(elsewhere?: () => Promise<boolean>): Promise<void> {
    return this.bare(async (writer) => {
      let copied = false;
      if (elsewhere && this.sharedWithWorkers) {
        await this.begin();
        try {
          copied = await elsewhere();
        } finally {
          this.rollback('ROLLBACK');
        }
      } else copied = (await elsewhere?.()) ?? false;
      if (!copied) writer.exec('PRAGMA wal_checkpoint(PASSIVE)');
    });
  }

  /**
   * Resolves once every transaction queued or running now has finished: what they decided inside
   * (e.g. whether to stage an outbox row) is settled, and later ones see what changed meanwhile.
   */
  barrier(): Promise<void> {
    return this.bare(() => undefined);
  }

  /** Queues `fn` to run on the writer between transactions. */
  private bare(fn: (writer: Conn) => unknown): Promise<void> {
    const { promise, resolve, reject } = Promise.withResolvers<void>();
    this.pending.push({
      fn,
      bare: true,
      state: { depth: 0, beforeCommit: [], onCommit: [], onRollback: [] },
      queued: performance.now(),
      group: false,
      context: AsyncLocalStorage.snapshot(),
      resolve: () => resolve(),
      reject,
    });
    this.pumping ??= Promise.resolve().then(() => this.pump());
    return promise;
  }

  /** A queued job that runs on the writer between transactions (no BEGIN, no COMMIT). */
  private async runBare(job: Job): Promise<void> {
    try {
      job.resolve(await job.fn(this.writer));
    } catch (err) {
      job.reject(err);
    }
  }

  /** Tells `watcher` of every COMMIT from now on. */
  watchCommits(watcher: CommitWatcher): void {
    this.watcher = watcher;
  }

  /**
   * Resolves once every queued transaction has finished (graceful shutdown), and the watcher's
   * work too (a checkpoint may queue the writer's own).
   */
  async drain(): Promise<void> {
    for (;;) {
      if (this.pumping) await this.pumping;
      else if (this.watcher?.busy) await this.watcher.drain();
      else return;
    }
  }
}
