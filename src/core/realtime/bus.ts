// The seam between the write path and the broker: in-process today, an external broker for several nodes later.
import type { RecordData } from '../records/record.ts';
import type { PreparedEvent } from './delivery.ts';

export type RecordAction = 'create' | 'update' | 'delete';

/** A committed record write. Plain data, so an external bus can carry it as JSON. */
export interface RecordChange {
  kind: 'record';
  action: RecordAction;
  collectionId: string;
  /** The record after the write (internal values; for delete its last state). */
  record: RecordData;
  /**
   * Same-process only (never serialized): deliveries decided inside the delete's transaction,
   * while the row still existed. A message without it is evaluated on arrival.
   */
  prepared?: PreparedEvent;
  /**
   * A delete whose other processes decided their own subscribers' deliveries before the row went
   * (`RealtimeBus.decideElsewhere`): each filed them under this key, and uses them on arrival.
   */
  decided?: string;
}

/** A committed collection change: bound auth states may have to be dropped (realtime.md §4.1). */
export interface CollectionChange {
  kind: 'collection';
  action: 'update' | 'delete';
  collectionId: string;
  /** An auth collection's token secret changed: every token of it is void. */
  secretChanged: boolean;
}

export type BusMessage = RecordChange | CollectionChange;

/**
 * Publish is fire-and-forget and ordered per publisher. A multi-node deployment implements this
 * over Redis/NATS/Postgres NOTIFY: each node publishes its commits and feeds every message it
 * receives (its own included) to its broker; routes and the write path don't change.
 */
export interface RealtimeBus {
  /** May resolve once the message is durable (an outbox): the write path awaits it. */
  publish(message: BusMessage): void | Promise<void>;
  /** Returns the unsubscribe function. */
  subscribe(handler: (message: BusMessage) => void): () => void;
  /**
   * A bus whose outbox lives in the write's own database (SQLite workers): the write path calls
   * this inside the write's transaction, so the event commits or rolls back with it and survives a
   * crash right after the commit. Returns false when there is no transaction to join; when true,
   * `publish` of this same message object after the commit only waits for its delivery.
   */
  stage?(message: BusMessage): boolean;
  /**
   * Called inside a delete's transaction: asks the other processes to decide which of their
   * subscribers get the delete (their rules may reach rows the delete's cascade removes) while they
   * still see the rows as committed before it. The write awaits `done` (bounded) before it commits;
   * `key` goes into `RecordChange.decided`. Null when there is nobody to ask.
   */
  decideElsewhere?(
    collectionId: string,
    record: RecordData,
  ): { key: string; done: Promise<void> } | null;
  /**
   * Told by the broker when it gets its first client and when its last one leaves: a bus that
   * carries other processes' events (SQLite workers) needn't read them while nobody here listens.
   */
  setListening?(on: boolean): Promise<void> | undefined;
  /** Set by the realtime hooks: how this process decides for its subscribers when asked. */
  decider?: ((collectionId: string, record: RecordData) => Promise<PreparedEvent | null>) | null;
}

/** The single-process bus: synchronous hand-over to the local subscribers. */
export class LocalBus implements RealtimeBus {
  private handlers = new Set<(message: BusMessage) => void>();

  publish(message: BusMessage): void {
    for (const h of this.handlers) h(message);
  }

  subscribe(handler: (message: BusMessage) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
}
