// The reading half of an outbox bus (SQLite workers, PostgreSQL nodes): rows in `seq` order, each delivered once.
import type { BusMessage } from '../core/realtime/bus.ts';

/** One outbox row as the feed needs it; `origin` and `local` say which process wrote it, and its number there. */
export interface OutboxRow {
  seq: number;
  origin: string;
  local: number;
  /** The message as JSON (a delete's `prepared` never travels). */
  message: string;
}

/** Rows read per query; a longer backlog is read page after page. */
export const OUTBOX_PAGE = 500;

/**
 * How long a publish waits, after its row committed, for this process's reader to deliver it (both
 * outboxes: a write's response normally follows its event; a lagging reader delays it this much).
 */
export const DELIVERY_WAIT_MS = 1_000;

/** A message this process wrote, kept until the reader reaches its row. */
interface Own {
  message: BusMessage;
  done: () => void;
  /** Its row's `seq`, once its transaction committed (`committed`). */
  seq?: number;
}

/**
 * Reads rows after the last `seq` it delivered and hands each message to every subscriber, one
 * after another. Rows this process wrote are delivered from memory (with a delete's `prepared`),
 * at the same point in the order as everyone else's: every process sees one order, the outbox's.
 */
export class OutboxFeed {
  /** The last sequence number delivered. */
  last = 0;
  private readonly handlers = new Set<(message: BusMessage) => void>();
  private readonly own = new Map<number, Own>();
  /** Committed own messages not delivered yet, by `seq` → their `local`. */
  private readonly ownBySeq = new Map<number, number>();
  private reading = false;
  private readAgain = false;
  private stopped = false;

  constructor(
    /** This process's `origin` in the rows it writes. */
    private readonly origin: string,
    /** Up to `limit` rows with `seq > after`, in `seq` order. */
    private readonly fetchRows: (
      after: number,
      limit: number,
    ) => OutboxRow[] | Promise<OutboxRow[]>,
    private readonly complain: (err: unknown) => void,
    /** Completes a message read from another process's row (e.g. with decisions filed here). */
    private readonly revive: (message: BusMessage) => BusMessage = (m) => m,
  ) {}

  subscribe(handler: (message: BusMessage) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  /** Remembers this process's message number `local`; resolves once the reader delivered it (or forgot it). */
  expect(local: number, message: BusMessage): Promise<void> {
    const { promise, resolve } = Promise.withResolvers<void>();
    this.own.set(local, { message, done: resolve });
    return promise;
  }

  /** The row will never be read (rolled back, dropped): settle its waiter. */
  forget(local: number): void {
    const m = this.own.get(local);
    if (!m) return;
    m.done();
    this.own.delete(local);
    if (m.seq !== undefined) this.ownBySeq.delete(m.seq);
  }

  /** Message `local`'s row committed as `seq` (a bus that learns its rows' numbers: SQLite). */
  committed(local: number, seq: number): void {
    const m = this.own.get(local);
    if (!m) return; // read already (the reader got there first)
    if (seq <= this.last) {
      this.handOwn(local); // skipped (`skipTo`)
      return;
    }
    m.seq = seq;
    this.ownBySeq.set(seq, local);
  }

  /**
   * Delivers from memory the committed own messages that come right after `last`, without a
   * query: while this process holds the write lock nobody else appends, so its rows follow one
   * another. True when none is left; false when one waits behind another process's rows (or a
   * read is under way): then `read()`.
   */
  deliverOwn(): boolean {
    if (this.reading || this.stopped) return this.ownBySeq.size === 0;
    for (let local = this.ownBySeq.get(this.last + 1); local !== undefined; ) {
      this.ownBySeq.delete(++this.last);
      this.handOwn(local);
      local = this.ownBySeq.get(this.last + 1);
    }
    return this.ownBySeq.size === 0;
  }

  /**
   * Nobody here listens: the committed own messages are handed over (their waiters settle) in
   * `seq` order, without reading or moving `last` (`skipTo` does, once someone listens again).
   */
  flushOwn(): void {
    // Filled by `committed` in commit order, so already in `seq` order.
    for (const [seq, local] of this.ownBySeq) {
      this.ownBySeq.delete(seq);
      this.handOwn(local);
    }
  }

  /** Starts after `seq` (the rows up to it were nobody's here); own messages up to it are handed over. */
  skipTo(seq: number): void {
    if (seq <= this.last) return;
    this.last = seq;
    for (const s of [...this.ownBySeq.keys()].sort((x, y) => x - y)) {
      if (s > seq) break;
      const local = this.ownBySeq.get(s)!;
      this.ownBySeq.delete(s);
      this.handOwn(local);
    }
  }

  private handOwn(local: number): void {
    const own = this.own.get(local);
    if (!own) return;
    this.own.delete(local);
    for (const h of this.handlers) deliver(h, own.message);
    own.done();
  }

  /** One reader at a time; a wake-up during a read makes it read once more. */
  read(): void {
    if (this.stopped) return;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = true;
    void this.readAll().finally(() => {
      this.reading = false;
      if (this.readAgain) {
        this.readAgain = false;
        this.read();
      }
    });
  }

  /** No more deliveries; every waiting publish settles. */
  stop(): void {
    this.stopped = true;
    for (const m of this.own.values()) m.done();
    this.own.clear();
    this.ownBySeq.clear();
  }

  private async readAll(): Promise<void> {
    try {
      for (;;) {
        const rows = await this.fetchRows(this.last, OUTBOX_PAGE);
        for (const row of rows) {
          if (row.seq <= this.last || this.stopped) continue;
          this.last = row.seq;
          let own: Own | undefined;
          if (row.origin === this.origin) {
            own = this.own.get(row.local);
            this.own.delete(row.local);
            this.ownBySeq.delete(row.seq);
          }
          const message = own?.message ?? this.revive(JSON.parse(row.message) as BusMessage);
          for (const h of this.handlers) deliver(h, message);
          own?.done();
        }
        if (rows.length < OUTBOX_PAGE) return;
      }
    } catch (err) {
      this.complain(err); // the next wake-up or poll resumes from `last`
    }
  }
}

/** The message as an outbox row holds it: a delete's `prepared` deliveries stay in this process. */
export function outboxJson(message: BusMessage): string {
  return JSON.stringify(
    message.kind === 'record' && message.prepared ? { ...message, prepared: undefined } : message,
  );
}

/** One subscriber's failure never keeps the message from the others. */
export function deliver(handler: (message: BusMessage) => void, message: BusMessage): void {
  try {
    handler(message);
  } catch (err) {
    console.error('realtime bus subscriber failed:', err);
  }
}
