// Buffers `_logs` rows and inserts them in batches, off the request path (PocketBase: 200 rows or 3 s).
import type { Conn } from './conn.ts';

/** One `_logs` row as stored; `data` already JSON text. */
export interface LogRow {
  id: string;
  level: number;
  message: string;
  data: string;
  created: string;
}

export interface LogBufferOptions {
  /** Rows that trigger an immediate flush. */
  batchSize?: number;
  /** How long the first buffered row waits at most before a flush. */
  intervalMs?: number;
}

/**
 * `add` only appends to an array; the rows reach auxiliary.db in one transaction per batch, from a
 * timer (or at once when the batch is full). `flush` writes what is pending now (tests, close).
 */
export class LogBuffer {
  private rows: LogRow[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private readonly batchSize: number;
  readonly intervalMs: number;

  constructor(
    private readonly aux: Conn,
    options: LogBufferOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.intervalMs = options.intervalMs ?? 3000;
  }

  add(row: LogRow): void {
    this.rows.push(row);
    if (this.rows.length >= this.batchSize) {
      queueMicrotask(() => this.flush());
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref?.();
    }
  }

  get pending(): number {
    return this.rows.length;
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    const insert = this.aux.raw.query(
      'INSERT INTO _logs (id, level, message, data, created) VALUES (?, ?, ?, ?, ?)',
    );
    try {
      this.aux.raw.transaction(() => {
        for (const r of rows) insert.run(r.id, r.level, r.message, r.data, r.created);
      })();
    } catch (err) {
      // A log write must never take a request down; the rows are dropped, as PocketBase's are.
      console.error('logs: failed to write a batch:', err);
    }
  }
}
