// The realtime bus between `serve --workers` on SQLite: an outbox table in data.db, written inside each write's transaction.
import type { Leadership } from '../core/cluster.ts';
import type { Core } from '../core/core.ts';
import type { BusMessage, RealtimeBus } from '../core/realtime/bus.ts';
import type { PreparedEvent } from '../core/realtime/delivery.ts';
import type { RecordData } from '../core/records/record.ts';
import { type Conn, sqliteHandle } from '../db/conn.ts';
import {
  DELIVERY_WAIT_MS,
  deliver,
  OutboxFeed,
  type OutboxRow,
  outboxJson,
} from './outbox-feed.ts';
import { complainer } from './pg/complain.ts';

/** Only ever created with workers on: a single process never pays for it. */
const CREATE = `CREATE TABLE IF NOT EXISTS _satchel_outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  origin TEXT NOT NULL,
  local INTEGER NOT NULL,
  message TEXT NOT NULL,
  created INTEGER NOT NULL
)`;
/** Its `seq` is the statement's last insert rowid (cheaper than RETURNING). */
const INSERT = 'INSERT INTO _satchel_outbox (origin, local, message, created) VALUES (?, ?, ?, ?)';
const SELECT =
  'SELECT seq, origin, local, message FROM _satchel_outbox WHERE seq > ? ORDER BY seq LIMIT ?';

export interface SqliteOutboxOptions {
  /** Which worker this is (its rows carry it, with a random part: a replacement is another origin). */
  worker: number;
  /** Tells the sibling workers to read now, up to `seq` at least (IPC through the supervisor). */
  wakeSiblings: (seq: number) => void;
  /**
   * Whether this worker has realtime clients now: the supervisor wakes (and asks to decide) only
   * the workers that do. With `on`, resolves once every sibling stages rows for its writes.
   */
  onListening?: (on: boolean) => Promise<void> | undefined;
  /**
   * Whether another worker has realtime clients (as last told). While neither it nor this one has,
   * a write stages no row: nobody would read it (a worker's first client starts it at the end,
   * once every worker stages again: `onListening`). Without it, every write stages its row.
   */
  othersListening?: () => boolean;
  /**
   * Asks every sibling to decide its deliveries of a delete under `key`; resolves once all did,
   * or after `timeoutMs` (then a late sibling judges the event on arrival, by the carried record).
   */
  decideSiblings?: (
    key: string,
    collectionId: string,
    record: RecordData,
    timeoutMs: number,
  ) => Promise<void>;
  /** The leader prunes rows older than `keepMs`. */
  leadership: Leadership;
  /** A missed wake-up (a worker killed between commit and wake) costs at most this. */
  pollMs?: number;
  keepMs?: number;
  pruneEveryMs?: number;
}

/** How long a delete's commit waits for the siblings' decisions (the write lock is held). */
const DECIDE_WAIT_MS = 250;
/** Decisions whose delete never arrives (rolled back) are dropped after this. */
const DECISION_TTL_MS = 60_000;

/** What the outbox needs of the open core. */
interface Attached {
  writes: Core['store']['writes'];
  reader: Conn;
  feed: OutboxFeed;
  timers: ReturnType<typeof setInterval>[];
}

/**
 * SQLite serializes writers and the row is inserted inside the write's transaction, so `seq`
 * order is commit order, a rollback takes the row with it, and an acknowledged write's event is on
 * disk even if its worker is killed before it could tell anyone. Every worker (the writer too)
 * reads the rows after the last it delivered and hands them to its broker in `seq` order.
 */
export class SqliteOutboxBus implements RealtimeBus {
  private readonly handlers = new Set<(message: BusMessage) => void>();
  /** Messages staged in a transaction, until `publish` (after the commit) claims them. */
  private readonly staged = new WeakMap<BusMessage, Promise<void>>();
  private attached: Attached | null = null;
  private local = 0;
  private waking = false;
  /** The highest `seq` this worker committed: what its wake-up asks the siblings to read up to. */
  private committedSeq = 0;
  /** Someone here takes the messages (a broker with clients; true until told otherwise). */
  private isListening = true;
  private readonly origin: string;
  private readonly complain = complainer('realtime outbox');
  decider: RealtimeBus['decider'] = null;
  /** Deliveries decided here for a sibling's delete, by its key, until its row is read. */
  private readonly decisions = new Map<string, { prepared: PreparedEvent; at: number }>();
  private decisionSeq = 0;

  constructor(private readonly options: SqliteOutboxOptions) {
    this.origin = `${options.worker}/${crypto.randomUUID().slice(0, 8)}`;
  }

  /**
   * Joins the open core: creates the table if needed and starts at its end (no history); returns
   * the function that stops reading. A restore reopens the core and attaches again.
   */
  attach(core: Core): () => void {
    const { writes, reader } = core.store;
    reader.exec(CREATE);
    const start = reader.get<{ seq: number | null }>('SELECT max(seq) AS seq FROM _satchel_outbox');
    const feed = new OutboxFeed(
      this.origin,
      (after, limit) => reader.all<OutboxRow>(SELECT, [after, limit]),
      this.complain,
      (m) => this.withDecisions(m),
    );
    feed.last = start?.seq ?? 0;
    // One dispatcher per feed: subscribers come and go on the bus, across re-attaches.
    feed.subscribe((m) => {
      for (const h of this.handlers) deliver(h, m);
    });
    const attached: Attached = { writes, reader, feed, timers: [] };
    this.attached = attached;
    const version = () => reader.get<{ data_version: number }>('PRAGMA data_version')?.data_version;
    let seen = version();
    attached.timers.push(
      setInterval(() => {
        try {
          const now = version();
          if (now === seen) return; // nobody committed anything since
          seen = now;
          if (this.isListening) feed.read();
        } catch (err) {
          this.complain(err);
        }
      }, this.options.pollMs ?? 50),
    );
    const marks: { at: number; seq: number }[] = [];
    attached.timers.push(
      setInterval(() => void this.prune(attached, marks), this.options.pruneEveryMs ?? 60_000),
    );
    for (const t of attached.timers) t.unref?.();
    return () => {
      for (const t of attached.timers) clearInterval(t);
      feed.stop();
      if (this.attached === attached) this.attached = null;
    };
  }

  subscribe(handler: (message: BusMessage) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Inserts the message's row in the open write transaction (see RealtimeBus.stage). */
  stage(message: BusMessage): boolean {
    const a = this.attached;
    const tx = a?.writes.inTransaction;
    if (!a || !tx || this.nobodyListens()) return false;
    const local = ++this.local;
    const seq = Number(
      sqliteHandle(tx).query(INSERT).run(this.origin, local, outboxJson(message), Date.now())
        .lastInsertRowid,
    );
    this.staged.set(message, a.feed.expect(local, message));
    // A savepoint or the transaction rolling back takes the row: nobody will read it.
    a.writes.onRollback(() => a.feed.forget(local));
    a.writes.afterCommit(() => {
      a.feed.committed(local, seq);
      this.committedSeq = Math.max(this.committedSeq, seq);
      this.wake();
    });
    return true;
  }

  /**
   * After the commit: resolves once this worker delivered the message (bounded), so the write's
   * response comes after its event here and a client's next write, on any worker, is ordered
   * after it. A message that wasn't staged gets a row of its own first.
   */
  async publish(message: BusMessage): Promise<void> {
    let delivered = this.staged.get(message);
    this.staged.delete(message);
    const a = this.attached;
    if (!delivered) {
      if (!a || this.nobodyListens()) {
        // Not joined yet, or no worker has realtime clients: nothing reads the outbox.
        for (const h of this.handlers) h(message);
        return;
      }
      await a.writes.run(() => this.stage(message));
      delivered = this.staged.get(message);
      this.staged.delete(message);
      if (!delivered) return;
    }
    // The commit already woke every reader (stage's afterCommit).
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, DELIVERY_WAIT_MS);
    });
    await Promise.race([delivered, late]);
    clearTimeout(timer);
  }

  /**
   * After this worker's commit: its own messages are delivered here from memory when no sibling's
   * row came between (else the outbox is read), and the siblings are told once per burst.
   */
  private wake(): void {
    const feed = this.attached?.feed;
    if (feed && !this.isListening) feed.flushOwn();
    else if (feed && !feed.deliverOwn()) feed.read();
    if (this.waking) return;
    this.waking = true;
    queueMicrotask(() => {
      this.waking = false;
      this.options.wakeSiblings(this.committedSeq);
    });
  }

  /** No worker has realtime clients: a row staged now would never be read. */
  private nobodyListens(): boolean {
    return !this.isListening && this.options.othersListening?.() === false;
  }

  /**
   * Resolves once the writes queued or running now are done (a sibling got realtime clients: they
   * may have decided not to stage their rows; the ones after this see that someone listens).
   */
  barrier(): Promise<void> {
    return this.attached?.writes.barrier() ?? Promise.resolve();
  }

  /**
   * The broker has clients (or none left): with none, nothing here reads the outbox; the first
   * client starts this worker at its end (the rows before it were nobody's here). With `on`,
   * resolves once every sibling stages rows for its writes: the client may start then.
   */
  setListening(on: boolean): Promise<void> | undefined {
    if (on === this.isListening) return;
    this.isListening = on;
    const a = this.attached;
    if (on && a) {
      try {
        const top = a.reader.get<{ seq: number | null }>(
          'SELECT max(seq) AS seq FROM _satchel_outbox',
        );
        a.feed.skipTo(top?.seq ?? 0);
      } catch (err) {
        this.complain(err); // the next read starts from `last`: events are late, not lost
      }
    }
    return this.options.onListening?.(on);
  }

  /**
   * See RealtimeBus.decideElsewhere: the request goes out now and the commit waits for it, so a
   * cascade's many deletes cost one round trip, not one each.
   */
  decideElsewhere(
    collectionId: string,
    record: RecordData,
  ): { key: string; done: Promise<void> } | null {
    if (!this.attached || !this.options.decideSiblings) return null;
    const key = `${this.origin}/${++this.decisionSeq}`;
    return { key, done: this.options.decideSiblings(key, collectionId, record, DECIDE_WAIT_MS) };
  }

  /** A sibling's delete, still in its transaction: this worker's subscribers, decided now. */
  async onSiblingDecide(key: string, collectionId: string, record: RecordData): Promise<void> {
    if (!this.isListening) return; // nobody here to decide for
    const prepared = this.decider ? await this.decider(collectionId, record) : null;
    if (!prepared) return;
    const now = Date.now();
    for (const [k, d] of this.decisions) {
      if (now - d.at < DECISION_TTL_MS) break; // oldest first
      this.decisions.delete(k);
    }
    this.decisions.set(key, { prepared, at: now });
  }

  /** A sibling's delete arrives with the deliveries decided here before its row went. */
  private withDecisions(m: BusMessage): BusMessage {
    if (m.kind !== 'record' || !m.decided) return m;
    const d = this.decisions.get(m.decided);
    if (!d) return m; // not decided in time: judged now, by the carried record
    this.decisions.delete(m.decided);
    return { ...m, prepared: d.prepared };
  }

  /** A sibling committed rows up to `seq`: read now, unless they are read already or nobody listens. */
  onSiblingCommit(seq = Number.POSITIVE_INFINITY): void {
    const feed = this.attached?.feed;
    if (!feed || !this.isListening || feed.last >= seq) return;
    feed.read();
  }

  /**
   * The leader deletes rows older than `keepMs`, found by the `seq` it noted that long ago (no
   * index on `created` needed); a worker that was away longer starts at the end anyway.
   */
  private async prune(a: Attached, marks: { at: number; seq: number }[]): Promise<void> {
    if (!this.options.leadership.isLeader) {
      marks.length = 0;
      return;
    }
    try {
      const now = Date.now();
      const top = a.reader.get<{ seq: number | null }>(
        'SELECT max(seq) AS seq FROM _satchel_outbox',
      );
      marks.push({ at: now, seq: top?.seq ?? 0 });
      const keep = this.options.keepMs ?? 5 * 60_000;
      let cut = 0;
      while (marks.length && now - marks[0]!.at >= keep) cut = marks.shift()!.seq;
      cut = Math.min(cut, a.feed.last); // never what the leader itself hasn't read yet
      if (cut > 0)
        await a.writes.run((tx) => tx.run('DELETE FROM _satchel_outbox WHERE seq <= ?', [cut]));
    } catch (err) {
      this.complain(err);
    }
  }
}
