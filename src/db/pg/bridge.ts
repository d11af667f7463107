// A synchronous door to PostgreSQL: the calling thread waits (Atomics.wait) while a worker thread runs the query.
import { toPgError } from './errors.ts';
import type { Init, Op, Reply, Request, Session } from './protocol.ts';

/** As src/db/snapshot.ts: a second entrypoint in a compiled binary, a sibling file under `bun run`. */
const WORKER = import.meta.url.includes('/$bunfs/')
  ? './db/pg/pg-worker.ts'
  : new URL('./pg-worker.ts', import.meta.url).href;

/**
 * How long the caller waits at most: past the server-side bounds (reads 30 s, the writer's schema
 * work 5 min, lock waits 15 s), so it only fires when the server or the network is gone.
 */
const SYNC_TIMEOUT_MS = 330_000;

/**
 * Why synchronous: the whole core reads and writes through the synchronous `Conn` (as bun:sqlite
 * is), so PostgreSQL behind the same interface runs every core path unchanged. The price is that a
 * node's event loop waits out each round trip (≈ 0.1–0.3 ms on loopback); the write queue already
 * runs one transaction at a time, and nodes scale out. Asynchronous work (log batches) uses
 * `request`, which doesn't block.
 */
export class PgBridge {
  private readonly worker: Worker;
  private readonly flag = new Int32Array(new SharedArrayBuffer(4));
  private readonly sync: MessagePort;
  private readonly async: MessagePort;
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private closed = false;
  /** node:worker_threads loads with the first bridge: a SQLite start never needs it. */
  private readonly receive = (
    require('node:worker_threads') as typeof import('node:worker_threads')
  ).receiveMessageOnPort;

  constructor(
    readonly url: string,
    statementTimeoutMs?: number,
  ) {
    this.worker = new Worker(WORKER);
    const syncChannel = new MessageChannel();
    const asyncChannel = new MessageChannel();
    this.sync = syncChannel.port1;
    this.async = asyncChannel.port1;
    const init: Init = {
      url,
      flag: this.flag,
      sync: syncChannel.port2,
      async: asyncChannel.port2,
      statementTimeoutMs,
    };
    this.worker.postMessage(init, [syncChannel.port2, asyncChannel.port2]);
    this.async.onmessage = (e: MessageEvent<Reply>) => {
      const resolve = this.pending.get(e.data.id);
      this.pending.delete(e.data.id);
      resolve?.(e.data);
    };
    // The async port alone must not keep a finished CLI command alive.
    (this.async as unknown as { unref?: () => void }).unref?.();
  }

  /** Runs one statement and waits for its answer on this thread. */
  call(session: Session, op: Op, sql: string, params: readonly unknown[], guarded = false): Reply {
    if (this.closed) throw new Error('the PostgreSQL connection is closed');
    const id = this.nextId++;
    const seen = Atomics.load(this.flag, 0);
    const request: Request = { id, session, op, sql, params, guarded };
    this.sync.postMessage(request);
    const deadline = performance.now() + SYNC_TIMEOUT_MS;
    for (;;) {
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`PostgreSQL did not answer within ${SYNC_TIMEOUT_MS} ms`);
      // Wakes when the worker bumps the flag; the reply is on the port by then (posted first).
      Atomics.wait(this.flag, 0, seen, Math.min(left, 50));
      for (;;) {
        const message = this.receive(this.sync as never) as { message: Reply } | undefined;
        if (!message) break;
        // A reply to a request that timed out earlier is dropped.
        if (message.message.id === id) return unwrap(message.message);
      }
    }
  }

  /** Runs one statement without blocking (log batches). */
  request(session: Session, op: Op, sql: string, params: readonly unknown[]): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) => {
        try {
          resolve(unwrap(reply));
        } catch (err) {
          reject(err);
        }
      });
      this.async.postMessage({ id, session, op, sql, params } satisfies Request);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.sync.close();
    this.async.close();
    void this.worker.terminate();
  }
}

function unwrap(reply: Reply): Reply {
  if ('error' in reply) throw toPgError(reply.error);
  return reply;
}
