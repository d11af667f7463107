// data.db's WAL copied back in a worker thread: no commit on the event loop runs SQLite's auto-checkpoint.
import { closeSync, openSync, readSync } from 'node:fs';
import { finishCheckpoint, SnapshotWorker, workerCheckpoint } from './snapshot.ts';

/** SQLite's own auto-checkpoint threshold (frames not yet copied back), which this replaces. */
const THRESHOLD_FRAMES = 1000;
/** The WAL-index header is read at most this often, at a commit (one 100-byte read). */
const CHECK_EVERY_MS = 50;
/**
 * Once the WAL holds this much the worker copies its last few frames back in the writer's turn
 * (no write running), so the next write starts the WAL over (startCheckpoints): the WAL file stays
 * about this long.
 */
const RESTART_WAL_BYTES = 16 << 20;
/** With no checkpoint for this long the worker thread stops (idle memory); the next starts another. */
const IDLE_MS = 60_000;

export interface WalCheckpointOptions {
  thresholdFrames?: number;
  checkEveryMs?: number;
  restartWalBytes?: number;
  idleMs?: number;
}

/**
 * Replaces the writer's auto-checkpoint (the store sets `wal_autocheckpoint = 0`): at a commit,
 * at most every CHECK_EVERY_MS, reads from the WAL-index (`data.db-shm`, sqlite.org/walformat.html)
 * how many frames are not yet copied back; past THRESHOLD_FRAMES a worker thread, started then,
 * runs passive checkpoints (their copying and fsyncs off the event loop). Measured in a standalone
 * test: 1 MiB inserts took 34–104 ms at the commit that auto-checkpointed, ≤ 6 ms without.
 *
 * Several processes (`serve --workers`) each run their own: SQLite lets one checkpoint run at a
 * time and a PASSIVE one that finds another running returns at once, so they never conflict.
 * A backup takes over with `pause()` (it runs its own, startCheckpoints).
 */
export class WalCheckpoints {
  private worker: SnapshotWorker | null = null;
  private running: Promise<void> | null = null;
  private paused = 0;
  private lastCheck = Number.NEGATIVE_INFINITY;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private shm: number | null = null;
  /** The WAL-index header's first 100 bytes as native-endian words: mxFrame is [4], nBackfill [24]. */
  private readonly header = new Uint32Array(25);
  private closed = false;
  private overdue: PromiseWithResolvers<void> | null = null;
  /** The worker thread is copying (a round's first part; its second queues the writer's checkpoint). */
  private copying = false;
  /** Rounds started (tests and metrics). */
  rounds = 0;

  constructor(
    private readonly path: string,
    /**
     * A passive checkpoint in the writer's turn (WriteQueue.checkpoint): run by `elsewhere` while
     * writes wait, or by the writer when that answers false.
     */
    private readonly finish: (elsewhere: () => Promise<boolean>) => Promise<unknown>,
    private readonly options: WalCheckpointOptions = {},
  ) {}

  /** Called after every COMMIT on the writer. */
  committed(): void {
    if (this.paused > 0 || this.closed) return;
    const now = performance.now();
    if (now - this.lastCheck < (this.options.checkEveryMs ?? CHECK_EVERY_MS)) return;
    this.lastCheck = now;
    if (!this.readHeader()) return;
    const restart = this.options.restartWalBytes ?? RESTART_WAL_BYTES;
    if (this.running) {
      // Writes outpace the worker: the writer waits for it (the queue, not the event loop). Only
      // while the thread copies: once the round has queued the writer's own checkpoint behind the
      // waiting transactions, holding them would hold that checkpoint, and the round, for good.
      if (this.copying && this.walBytes() >= 2 * restart) {
        this.overdue ??= Promise.withResolvers<void>();
      }
      return;
    }
    if (this.pendingFrames() < (this.options.thresholdFrames ?? THRESHOLD_FRAMES)) return;
    this.running = this.round(restart).finally(() => {
      this.running = null;
    });
  }

  /**
   * Resolves when the writer may go on: at once, or once the worker's round ends when the WAL has
   * grown past twice its restart length meanwhile (the queue awaits it before its next transaction).
   */
  backlog(): Promise<void> | null {
    return this.overdue?.promise ?? null;
  }

  /** Reads the WAL-index header (false when it can't be read: no WAL yet). */
  private readHeader(): boolean {
    try {
      this.shm ??= openSync(`${this.path}-shm`, 'r');
      return readSync(this.shm, this.header, 0, 100, 0) === 100;
    } catch {
      return false;
    }
  }

  /** Frames in the WAL not yet copied back (mxFrame − nBackfill). */
  private pendingFrames(): number {
    return Math.max(0, this.header[4]! - this.header[24]!);
  }

  /** The WAL's frames in use, in bytes (mxFrame × szPage; szPage 1 means 65536). */
  private walBytes(): number {
    const szPage = new Uint16Array(this.header.buffer, 14, 1)[0]!;
    return this.header[4]! * (szPage === 1 ? 65536 : szPage);
  }

  private async round(restart: number): Promise<void> {
    clearTimeout(this.idle);
    this.rounds++;
    this.worker ??= new SnapshotWorker();
    this.copying = true;
    const walBytes = await workerCheckpoint(this.worker, this.path).finally(() => {
      this.copying = false;
    });
    // The finishing checkpoint queues behind the transactions waiting: let them go first.
    this.overdue?.resolve();
    this.overdue = null;
    if (walBytes === null || walBytes >= restart) {
      // In the writer's turn but on the worker's connection: the tail's copy and the two fsyncs stay
      // off the event loop. If the worker failed (null above), the writer runs its own.
      const worker = walBytes === null ? null : this.worker;
      await finishCheckpoint(this.path, () =>
        this.finish(
          async () => worker !== null && (await workerCheckpoint(worker, this.path)) !== null,
        ),
      );
    }
    if (this.closed) return;
    this.idle = setTimeout(() => {
      this.worker?.close();
      this.worker = null;
    }, this.options.idleMs ?? IDLE_MS);
    this.idle.unref?.();
  }

  /**
   * Hands the checkpoints over (a backup runs its own): waits for a round in progress; none starts
   * until the returned function is called.
   */
  async pause(): Promise<() => void> {
    this.paused++;
    await this.running;
    let resumed = false;
    return () => {
      if (resumed) return;
      resumed = true;
      this.paused--;
    };
  }

  /** Whether the worker thread is up (started by the first round, stopped after IDLE_MS). */
  get threadRunning(): boolean {
    return this.worker !== null;
  }

  /** Whether a round is in progress (it may still queue the writer's checkpoint). */
  get busy(): boolean {
    return this.running !== null;
  }

  /** Resolves once no round is in progress. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops the worker thread and lets go of the WAL-index (before the files are closed or swapped). */
  close(): void {
    this.closed = true;
    this.overdue?.resolve();
    this.overdue = null;
    clearTimeout(this.idle);
    this.worker?.close();
    this.worker = null;
    if (this.shm !== null) closeSync(this.shm);
    this.shm = null;
  }
}
