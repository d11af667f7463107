// Worker thread for src/db/log-buffer.ts: inserts `_logs` batches on a connection of its own, so the
// SQLite work (and the WAL's checkpoints) of request logging stays off the event loop.
//
// Each batch is committed on arrival: LogBuffer already holds rows for as long as they may wait,
// so a batch under load is a second's worth of rows in one transaction.
import { Database } from 'bun:sqlite';
import { decodeLogRows, insertLogRows } from './log-rows.ts';

declare const self: Worker;

/** One batch of log-rows.ts rows; `seq` is acknowledged once written. */
export interface LogBatch {
  path: string;
  seq: number;
  rows: string;
}

/** Shutdown: commit, close the connection, then set the flag to 1 and wake the waiting main thread. */
export interface LogClose {
  close: Int32Array;
}

let db: Database | null = null;

function open(path: string): Database {
  const conn = new Database(path, { strict: true });
  conn.run('PRAGMA busy_timeout = 10000');
  conn.run('PRAGMA synchronous = NORMAL');
  conn.run('PRAGMA cache_size = -32000');
  conn.run('PRAGMA temp_store = MEMORY');
  return conn;
}

self.onmessage = (event: MessageEvent<LogBatch | LogClose>) => {
  if ('close' in event.data) {
    const flag = event.data.close;
    db?.close();
    db = null;
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    return;
  }
  const { path, seq, rows } = event.data;
  try {
    db ??= open(path);
    insertLogRows(db, decodeLogRows(rows));
    self.postMessage({ seq });
  } catch (err) {
    self.postMessage({ seq, error: String(err) });
  }
};
