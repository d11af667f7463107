// Worker thread for src/db/log-buffer.ts: inserts `_logs` batches on a connection of its own, so the
// SQLite work (and the WAL's checkpoints) of request logging stays off the event loop.
import { Database } from 'bun:sqlite';

declare const self: Worker;

/** One batch: rows as [id, level, message, data, created]; `seq` is acknowledged when written. */
export interface LogBatch {
  path: string;
  seq: number;
  rows: [string, number, string, string, string][];
}

/** Shutdown: close the connection, then set the flag to 1 and wake the waiting main thread. */
export interface LogClose {
  close: Int32Array;
}

let db: Database | null = null;

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
    if (!db) {
      db = new Database(path, { strict: true });
      db.run('PRAGMA busy_timeout = 10000');
      db.run('PRAGMA synchronous = NORMAL');
      db.run('PRAGMA cache_size = -32000');
      db.run('PRAGMA temp_store = MEMORY');
    }
    const insert = db.query(
      'INSERT INTO _logs (id, level, message, data, created) VALUES (?, ?, ?, ?, ?)',
    );
    db.transaction(() => {
      for (const r of rows) insert.run(...r);
    })();
    self.postMessage({ seq });
  } catch (err) {
    self.postMessage({ seq, error: String(err) });
  }
};
