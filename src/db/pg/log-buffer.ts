// `_logs` rows on PostgreSQL: batched like the SQLite buffer, inserted without blocking the event loop.
import type { LogRow } from '../log-rows.ts';
import type { LogSink } from '../log-sink.ts';
import type { PgBridge } from './bridge.ts';

/**
 * A row's values as PostgreSQL takes them: TEXT can't hold NUL and JSONB refuses the `\u0000`
 * escape, and one such row would lose its whole batch, so NUL becomes U+FFFD (SQLite keeps it).
 */
function pgValues(r: LogRow): unknown[] {
  const data = r.data.includes('\\u0000')
    ? r.data.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd')
    : r.data;
  return [r.id, r.level, r.message.replaceAll('\0', '\ufffd'), data, r.created];
}

/** One multi-row insert of `count` rows (five values each, in `pgValues` order). */
function insertSql(count: number): string {
  const values = Array.from({ length: count }, () => '(?, ?, ?, ?, ?)').join(', ');
  return `INSERT INTO _logs (id, level, message, data, created) VALUES ${values}`;
}

/**
 * Same batching as src/db/log-buffer.ts (200 rows or 3 s); a batch is one multi-row INSERT sent
 * through the bridge's asynchronous door, so a request never waits for its log row.
 */
export class PgLogBuffer implements LogSink {
  private rows: LogRow[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly bridge: PgBridge,
    private readonly batchSize = 200,
    private readonly intervalMs = 3000,
  ) {}

  add(row: LogRow): void {
    this.rows.push(row);
    if (this.rows.length >= this.batchSize) this.flush();
    else if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref?.();
    }
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    const sent = this.bridge
      .request('pool', 'run', insertSql(rows.length), rows.flatMap(pgValues))
      .catch((err) => console.error('logs: failed to write a batch:', err))
      .finally(() => this.inFlight.delete(sent));
    this.inFlight.add(sent);
  }

  async drain(): Promise<void> {
    this.flush();
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Shutdown: the last rows are written synchronously (the bridge closes right after). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const rows = this.rows;
    this.rows = [];
    for (let i = 0; i < rows.length; i += this.batchSize) {
      const part = rows.slice(i, i + this.batchSize);
      try {
        this.bridge.call('pool', 'run', insertSql(part.length), part.flatMap(pgValues));
      } catch (err) {
        console.error('logs: failed to write the last batch:', err);
      }
    }
  }
}
