// The realtime bus between nodes on one PostgreSQL database: an outbox table read in sequence order, woken by NOTIFY.
import type { SQL } from 'bun';
import type { Leadership } from '../../core/cluster.ts';
import type { BusMessage, RealtimeBus } from '../../core/realtime/bus.ts';
import { DELIVERY_WAIT_MS, OutboxFeed, type OutboxRow, outboxJson } from '../outbox-feed.ts';
import { complainer } from './complain.ts';

export const OUTBOX_CHANNEL = 'satchel_outbox';

export interface OutboxBusOptions {
  /** This node's id (its rows, read back, are delivered from memory: a delete's `prepared` stays). */
  node: string;
  /** A dropped LISTEN connection can go unnoticed: the outbox is also read this often. */
  pollMs?: number;
  /** The leader deletes rows older than this (a node that was away longer restarts fresh anyway). */
  keepMs?: number;
  /** How often the leader prunes. */
  pruneEveryMs?: number;
  leadership?: Leadership;
}

/** Published messages kept while the database can't take them; beyond, the oldest are dropped. */
const MAX_QUEUED = 100_000;
/** Messages inserted per transaction. */
const BATCH = 100;
const RETRY_MIN_MS = 50;
const RETRY_MAX_MS = 2_000;
const PRUNE_EVERY_MS = 60_000;

/**
 * Serializes publishers: the sequence number is drawn under this lock and released at commit, so
 * rows become visible in `seq` order and a reader that has seen N never later finds N-1 appear.
 */
const PUBLISH_LOCK = 'SELECT pg_advisory_xact_lock(2035574116, 2)';

const INSERT = `WITH row AS (
  INSERT INTO _satchel_outbox (node, local, message) VALUES ($1, $2, $3::text::json)
  ON CONFLICT (node, local) DO NOTHING RETURNING seq
) SELECT pg_notify('${OUTBOX_CHANNEL}', seq::text) FROM row`;

/**
 * Every node publishes its commits here and feeds every other node's, in `seq` order, exactly
 * once, to its subscribers. A node starts at the outbox's current end (no history) and, across a
 * lost connection, resumes from the last `seq` it delivered.
 */
export class OutboxBus implements RealtimeBus {
  /** JSON texts waiting for the database, in publish order; `local` numbers them per node. */
  private readonly queue: { local: number; json: string; committed: () => void }[] = [];
  /**
   * Reads the rows in `seq` order; this node's own messages come from memory when the reader
   * reaches their row (local subscribers get them in `seq` order too, so every node delivers every
   * event in the same order), which settles their publish.
   */
  private readonly feed: OutboxFeed;
  private local = 0;
  private flushing = false;
  private stopped = false;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private listening: { unlisten(): Promise<void> } | null = null;
  private readonly complain = complainer('realtime outbox');
  /**
   * This process's rows: the node id plus a random part, so a node restarted under the same id
   * doesn't collide with its former self on (node, local) and lose its first messages.
   */
  private readonly origin: string;

  private constructor(
    private readonly sql: SQL,
    private readonly options: OutboxBusOptions,
  ) {
    this.origin = `${options.node}/${crypto.randomUUID().slice(0, 8)}`;
    this.feed = new OutboxFeed(
      this.origin,
      (after, limit) => this.fetchRows(after, limit),
      this.complain,
    );
  }

  /** Starts at the outbox's end; the tables exist (`ensureClusterTables`). */
  static async open(sql: SQL, options: OutboxBusOptions): Promise<OutboxBus> {
    const bus = new OutboxBus(sql, options);
    const [row] = await sql.unsafe(
      'SELECT coalesce(max(seq), 0)::text AS seq FROM _satchel_outbox',
    );
    bus.feed.last = Number(row.seq);
    bus.listening = await sql.listen(
      OUTBOX_CHANNEL,
      () => bus.read(),
      () => bus.read(), // (re)subscribed: what came while it was down
    );
    bus.timers.push(setInterval(() => bus.read(), options.pollMs ?? 200));
    if (options.leadership) {
      bus.timers.push(setInterval(() => void bus.prune(), options.pruneEveryMs ?? PRUNE_EVERY_MS));
    }
    for (const t of bus.timers) t.unref?.();
    return bus;
  }

  /**
   * Appends to the outbox. Resolves once this node has handed the message to its subscribers (or,
   * if its reader lags, `DELIVERY_WAIT_MS` after the row committed), so a write's response comes
   * after its event: the client's next write, on any node, is ordered after it, and this node's
   * subscribers have it queued. Every subscriber, local ones included, gets the message when the
   * reader reaches its row: one order on every node.
   */
  publish(message: BusMessage): Promise<void> {
    if (this.queue.length >= MAX_QUEUED) {
      const dropped = this.queue.shift();
      if (dropped) this.feed.forget(dropped.local);
      this.complain(new Error('outbox queue full: the oldest unsent realtime event was dropped'));
    }
    const local = ++this.local;
    const delivered = this.feed.expect(local, message);
    const { promise, resolve } = Promise.withResolvers<void>();
    void delivered.then(resolve);
    const committed = () => {
      const timer = setTimeout(resolve, DELIVERY_WAIT_MS);
      timer.unref?.();
      void promise.then(() => clearTimeout(timer));
    };
    this.queue.push({ local, json: outboxJson(message), committed });
    void this.flush();
    return promise;
  }

  subscribe(handler: (message: BusMessage) => void): () => void {
    return this.feed.subscribe(handler);
  }

  /** The last sequence number delivered (tests, diagnostics). */
  get position(): number {
    return this.feed.last;
  }

  /** Messages not yet in the database. */
  get unsent(): number {
    return this.queue.length;
  }

  /** Waits (bounded) for the queue to reach the database, then stops reading. */
  async close(timeoutMs = 2_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length && Date.now() < deadline) await Bun.sleep(10);
    this.stopped = true;
    this.queue.splice(0);
    this.feed.stop();
    for (const t of this.timers) clearInterval(t);
    await this.listening?.unlisten().catch(() => {});
  }

  /** One flusher at a time; a failed batch stays at the head and is retried, never reordered. */
  private async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    let wait = RETRY_MIN_MS;
    try {
      while (this.queue.length && !this.stopped) {
        const batch = this.queue.slice(0, BATCH);
        try {
          await this.sql.begin(async (tx) => {
            await tx.unsafe(PUBLISH_LOCK);
            // Pipelined on the transaction's one connection: they run in the order sent.
            await Promise.all(batch.map((m) => tx.unsafe(INSERT, [this.origin, m.local, m.json])));
          });
          // A retry after an unknown outcome hits ON CONFLICT (node, local): no duplicate row.
          // By number, not count: an overflow may have shifted the queue meanwhile.
          const sent = batch[batch.length - 1]?.local ?? 0;
          while ((this.queue[0]?.local ?? Number.POSITIVE_INFINITY) <= sent)
            this.queue.shift()?.committed();
          wait = RETRY_MIN_MS;
          // Our own rows are ours to deliver too: read now rather than at the NOTIFY.
          this.read();
        } catch (err) {
          this.complain(err);
          await Bun.sleep(wait);
          wait = Math.min(wait * 2, RETRY_MAX_MS);
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  private read(): void {
    if (!this.stopped) this.feed.read();
  }

  private async fetchRows(after: number, limit: number): Promise<OutboxRow[]> {
    const rows = await this.sql.unsafe(
      // The column, not the text alias: ordering by the alias would put 10 before 2.
      `SELECT o.seq::text AS seq, o.node, o.local, o.message::text AS message FROM _satchel_outbox o
       WHERE o.seq > $1 ORDER BY o.seq LIMIT ${limit}`,
      [String(after)],
    );
    return (rows as { seq: string; node: string; local: unknown; message: string }[]).map((r) => ({
      seq: Number(r.seq),
      origin: r.node,
      local: Number(r.local),
      message: r.message,
    }));
  }

  private async prune(): Promise<void> {
    if (!this.options.leadership?.isLeader || this.stopped) return;
    const keep = this.options.keepMs ?? 10 * 60_000;
    try {
      await this.sql.unsafe(
        `DELETE FROM _satchel_outbox WHERE created < now() - make_interval(secs => $1)`,
        [keep / 1000],
      );
    } catch (err) {
      this.complain(err);
    }
  }
}
