// Where `_logs` rows go: auxiliary.db through a worker (log-buffer.ts) or PostgreSQL (pg/log-buffer.ts).
import type { LogRow } from './log-rows.ts';

export interface LogSink {
  /** Queues one row; it is written within the batch interval. */
  add(row: LogRow): void;
  /** Resolves once every row added so far is in the table (tests, DELETE /api/logs, shutdown). */
  drain(): Promise<void>;
  /** Shutdown: writes what is left, synchronously. */
  close(): void;
}
