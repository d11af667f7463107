// Worker thread for src/db/log-buffer.ts: inserts `_logs` batches on a connection of its own, so the
// SQLite work (and the WAL's checkpoints) of request logging stays off the event loop.
//
// Full batches (200 rows, sent under load) arriving within COMMIT_DELAY_MS share one transaction: a
// row costs ~25 µs of CPU in commits of 200 and 3–10 µs in commits of thousands, since
// `_logs_message_idx` puts each row on an index page of its own and every commit writes each page
// it touched to the WAL. Under light load the buffer's 3 s timer sends batches marked `now`.
import { Database } from 'bun:sqlite';
import { decodeLogRows, insertLogRows, type LogTuple } from './log-rows.ts';

declare const self: Worker;

/** How long received rows wait at most for more before they are committed. */
const COMMIT_DELAY_MS = 1000;
/** Rows that are committed at once, without waiting. */
const COMMIT_ROWS = 10_000;

/** One batch of log-rows.ts rows; `seq` is acknowledged once written; `now` commits without waiting. */
export interface LogBatch {
  path: string;
  seq: number;
  rows: string;
  now: boolean;
}

/** Shutdown: commit, close the connection, then set the flag to 1 and wake the waiting main thread. */
export interface LogClose {
  close: Int32Array;
}

let db: Database | null = null;
let pending: LogTuple[] = [];
/** The last batch in `pending`. */
let pendingSeq = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

function open(path: string): Database {
  const conn = new Database(path, { strict: true });
  conn.run('PRAGMA busy_timeout = 10000');
  conn.run('PRAGMA synchronous = NORMAL');
  conn.run('PRAGMA cache_size = -32000');
  conn.run('PRAGMA temp_store = MEMORY');
  return conn;
}

function commit(): void {
  if (timer) clearTimeout(timer);
  timer = null;
  if (!db) return;
  const rows = pending;
  const seq = pendingSeq;
  pending = [];
  try {
    if (rows.length > 0) insertLogRows(db, rows);
    self.postMessage({ seq });
  } catch (err) {
    self.postMessage({ seq, error: String(err) });
  }
}

self.onmessage = (event: MessageEvent<LogBatch | LogClose>) => {
  if ('close' in event.data) {
    const flag = event.data.close;
    commit();
    db?.close();
    db = null;
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    return;
  }
  const { path, seq, rows, now } = event.data;
  try {
    db ??= open(path);
    for (const row of decodeLogRows(rows)) pending.push(row);
  } catch (err) {
    self.postMessage({ seq, error: String(err) });
    return;
  }
  pendingSeq = seq;
  if (now || pending.length >= COMMIT_ROWS) commit();
  else timer ??= setTimeout(commit, COMMIT_DELAY_MS);
};
