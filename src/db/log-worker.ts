// Worker thread for src/db/log-buffer.ts: inserts `_logs` batches on a connection of its own, so the
// SQLite work (and the WAL's checkpoints) of request logging stays off the event loop.
//
// LogBuffer decides when rows are due: batches marked `commit` are committed with the rows received
// before them; the others (sent in pieces so no one message stalls the event loop) wait for it.
// Under load that makes a second's rows one transaction.
import { Database } from 'bun:sqlite';
import { decodeLogRows, insertLogRows, type LogTuple } from './log-rows.ts';

declare const self: Worker;

/** Log-rows.ts rows; with `commit`, everything received is committed and `seq` acknowledged. */
export interface LogBatch {
  path: string;
  seq: number;
  /** `encodeLogRow` outputs, UTF-8. */
  rows: Uint8Array;
  commit: boolean;
}

/** Shutdown: commit, close the connection, then set the flag to 1 and wake the waiting main thread. */
export interface LogClose {
  close: Int32Array;
}

const decoder = new TextDecoder();
let db: Database | null = null;
let pending: LogTuple[] = [];
/** A batch that failed to decode: reported with the next commit. */
let failed: string | null = null;

function open(path: string): Database {
  const conn = new Database(path, { strict: true });
  conn.run('PRAGMA busy_timeout = 10000');
  conn.run('PRAGMA synchronous = NORMAL');
  conn.run('PRAGMA cache_size = -32000');
  conn.run('PRAGMA temp_store = MEMORY');
  return conn;
}

function commit(seq: number): void {
  const rows = pending;
  pending = [];
  let error = failed;
  failed = null;
  try {
    if (db && rows.length > 0) insertLogRows(db, rows);
  } catch (err) {
    error = String(err);
  }
  self.postMessage(error === null ? { seq } : { seq, error });
}

self.onmessage = (event: MessageEvent<LogBatch | LogClose>) => {
  if ('close' in event.data) {
    const flag = event.data.close;
    commit(0);
    db?.close();
    db = null;
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    return;
  }
  const { path, seq, rows } = event.data;
  try {
    db ??= open(path);
    for (const row of decodeLogRows(decoder.decode(rows))) pending.push(row);
  } catch (err) {
    failed = String(err);
  }
  if (event.data.commit) commit(seq);
};
