// Messages between a PostgreSQL bridge (src/db/pg/bridge.ts) and its worker thread (pg-worker.ts).
import type { PgErrorData } from './errors.ts';

/** `writer`: the one reserved connection transactions run on; `pool`: any connection (reads, logs). */
export type Session = 'writer' | 'pool';

export type Op = 'all' | 'run' | 'exec' | 'columns';

export interface Request {
  id: number;
  session: Session;
  op: Op;
  sql: string;
  params: readonly unknown[];
  /** Run inside a savepoint, so a failure doesn't abort the open transaction (compile checks). */
  guarded?: boolean;
}

export type Reply =
  | { id: number; rows: Record<string, unknown>[] }
  | { id: number; changes: number }
  | { id: number; columns: string[] }
  | { id: number; done: true }
  | { id: number; error: PgErrorData };

/** Sent once, at start: where sync replies go and the word the caller waits on. */
export interface Init {
  url: string;
  /** Int32Array over a SharedArrayBuffer: [0] is bumped after every sync reply is posted. */
  flag: Int32Array;
  sync: MessagePort;
  async: MessagePort;
  /** `statement_timeout` of every connection (default 30 s). */
  statementTimeoutMs?: number;
}
