// Buffers `_logs` rows and inserts them in batches off the request path (PocketBase: 200 rows or 3 s).
import { type Conn, sqliteHandle } from './conn.ts';
import { decodeLogRows, encodeLogRow, insertLogRows, type LogRow } from './log-rows.ts';
import type { LogSink } from './log-sink.ts';
import type { LogBatch, LogClose } from './log-worker.ts';

export type { LogRow } from './log-rows.ts';

/** How long close() blocks at most for the worker to close its connection. */
const CLOSE_TIMEOUT_MS = 5000;

export interface LogBufferOptions {
  /** Rows after which they are due within `fullDelayMs` (PocketBase writes at 200). */
  batchSize?: number;
  /** How long the first buffered row waits at most before a flush. */
  intervalMs?: number;
  /** How long a full batch waits at most for more rows to share its commit. */
  fullDelayMs?: number;
  /** Rows that are committed at once. */
  maxRows?: number;
  /** Rows that are sent ahead of their commit, so no one message stalls the event loop. */
  sendRows?: number;
}

/** A send's buffer to start with: about 2,000 request rows. */
const CHUNK_BYTES = 1 << 19;

/** As src/db/snapshot.ts: a second entrypoint in a compiled binary, a sibling file under `bun run`. */
const WORKER = import.meta.url.includes('/$bunfs/')
  ? './db/log-worker.ts'
  : new URL('./log-worker.ts', import.meta.url).href;

/**
 * `add` only encodes a row into a byte buffer (log-rows.ts). Batches go to a worker thread that inserts them on
 * its own connection (the insert, 7–12 µs a row with `_logs`' three indexes, cost a record view a
 * third of its throughput on the event loop). `drain` resolves once everything added so far is in
 * the table (tests, DELETE /api/logs, shutdown).
 *
 * When rows are committed: the first waits at most `intervalMs` (PocketBase's 3 s); once
 * `batchSize` (200) are pending, at most `fullDelayMs` more, so under load a second's rows share
 * one commit: a row costs ~25 µs of CPU in commits of 200 and 7–12 µs in commits of thousands
 * (`_logs_message_idx` puts rows on many index pages, each written to the WAL once per commit).
 * They cross to the worker ahead of that, `sendRows` at a time, their bytes handed over rather
 * than copied (pieces keep the buffer small and the worker's decode short). The timing lives here alone:
 * the worker only inserts and commits when told.
 */
export class LogBuffer implements LogSink {
  /** Rows not yet sent, encoded as UTF-8 into `bytes[0, used)`. */
  private bytes = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;
  private unsent = 0;
  /** Rows not yet committed (sent or not): the timer is theirs. */
  private count = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** When `timer` fires (Date.now() ms). */
  private due = 0;
  private worker: Worker | null = null;
  private sent = 0;
  private acked = 0;
  private waiters: { seq: number; resolve: () => void }[] = [];
  private readonly batchSize: number;
  private readonly intervalMs: number;
  private readonly fullDelayMs: number;
  private readonly maxRows: number;
  private readonly sendRows: number;

  constructor(
    private readonly aux: Conn,
    /** auxiliary.db's file, opened again by the worker. */
    private readonly path: string,
    options: LogBufferOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.intervalMs = options.intervalMs ?? 3000;
    this.fullDelayMs = Math.min(options.fullDelayMs ?? 1000, this.intervalMs);
    this.maxRows = options.maxRows ?? 10_000;
    this.sendRows = options.sendRows ?? 2000;
  }

  add(row: LogRow): void {
    // Length prefixes count UTF-16 units, and survive UTF-8: a lone surrogate (which UTF-8 can't
    // carry) comes back as one U+FFFD, as SQLite would store it anyway.
    const text = encodeLogRow(row);
    // A UTF-16 unit is at most 3 UTF-8 bytes: room for that much, or a buffer twice the size.
    if (this.used + text.length * 3 > this.bytes.length) {
      const grown = Buffer.allocUnsafe(
        Math.max(this.bytes.length * 2, this.used + text.length * 3),
      );
      this.bytes.copy(grown, 0, 0, this.used);
      this.bytes = grown;
    }
    this.used += this.bytes.write(text, this.used, 'utf8');
    const n = ++this.count;
    if (n >= this.maxRows) {
      this.flush();
      return;
    }
    if (++this.unsent >= this.sendRows) this.send(false);
    if (n === 1) this.schedule(this.intervalMs);
    else if (n === this.batchSize) this.schedule(this.fullDelayMs);
  }

  /** Sends the pending rows within `ms`, or sooner if already due sooner. */
  private schedule(ms: number): void {
    const due = Date.now() + ms;
    if (this.timer) {
      if (this.due <= due) return;
      clearTimeout(this.timer);
    }
    this.due = due;
    this.timer = setTimeout(() => this.flush(), ms);
    this.timer.unref?.();
  }

  /** Has the worker commit every pending row now. */
  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.count === 0) return;
    this.count = 0;
    this.send(true);
  }

  private send(commit: boolean): void {
    // The bytes' buffer is handed over, not copied. Rows appended to one string instead cost the
    // event loop ~10 ms per 2,000 rows when the string was flattened or cloned to be sent, in a
    // served process (a third of a logged request's main-thread time; bench/logs.ts).
    // A Buffer of allocUnsafe may share a pooled buffer; CHUNK_BYTES is above the pool's size.
    const rows = new Uint8Array(this.bytes.buffer, this.bytes.byteOffset, this.used);
    this.bytes = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = 0;
    this.unsent = 0;
    const batch: LogBatch = {
      path: this.path,
      seq: commit ? ++this.sent : this.sent,
      rows,
      commit,
    };
    this.start().postMessage(batch, [rows.buffer]);
  }

  /** Flushes, then waits until the worker has written every batch sent so far. */
  drain(): Promise<void> {
    this.flush();
    if (this.acked >= this.sent) return Promise.resolve();
    const { promise, resolve } = Promise.withResolvers<void>();
    this.waiters.push({ seq: this.sent, resolve });
    return promise;
  }

  /** Shutdown: every pending row is written before this returns; the worker stops. */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.count = 0;
    if (this.worker) {
      // The rest goes after the rows already sent (messages keep order), so rowids keep log order.
      if (this.unsent > 0) this.send(true);
      // The worker's connection must be closed before close() returns: closing it later would
      // checkpoint and delete `auxiliary.db-wal/-shm` by name, under a restore that has already
      // swapped the dir's files. It commits what it holds first.
      const flag = new Int32Array(new SharedArrayBuffer(4));
      this.worker.postMessage({ close: flag } satisfies LogClose);
      if (Atomics.wait(flag, 0, 0, CLOSE_TIMEOUT_MS) === 'timed-out') {
        console.error('logs: the log writer did not close in time');
      }
      this.worker.terminate();
    } else if (this.used > 0) {
      // Never started (fewer rows than a send, none due yet): written here, synchronously.
      try {
        const text = new TextDecoder().decode(this.bytes.subarray(0, this.used));
        insertLogRows(sqliteHandle(this.aux), decodeLogRows(text));
      } catch (err) {
        console.error('logs: failed to write the last batch:', err);
      }
    }
    this.used = 0;
    this.unsent = 0;
    this.worker = null;
    this.acked = this.sent;
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER);
    (worker as { unref?: () => void }).unref?.();
    worker.onmessage = (event: MessageEvent<{ seq: number; error?: string }>) => {
      const { seq, error } = event.data;
      // A log write must never take a request down; a failed batch is dropped, as PocketBase's are.
      if (error) console.error('logs: failed to write a batch:', error);
      this.acked = Math.max(this.acked, seq);
      this.waiters = this.waiters.filter((w) => {
        if (w.seq > this.acked) return true;
        w.resolve();
        return false;
      });
    };
    this.worker = worker;
    return worker;
  }
}
