// One connected realtime client: its transport sink, bound auth, topics and the counters limits need.

import { randomString } from '../ids.ts';
import type { AuthInfo } from '../records/auth-info.ts';
import { authShape } from './rule-batch.ts';
import type { Topic } from './topics.ts';

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** 40 random `[A-Za-z0-9]` characters, as PocketBase's (realtime.md §1). */
export function newClientId(): string {
  return randomString(40, ID_ALPHABET);
}

/** What a transport (SSE stream, WebSocket) gives the broker to write to one client. */
export interface ClientSink {
  /**
   * Queues one message: `event` is the exact subscription string (or `PB_CONNECT`), `data` compact
   * JSON. Returns false when the client is gone or was dropped because its buffer is full.
   */
  send(event: string, data: string): boolean;
  /** Ends the connection; `reason` goes to the log and, where the transport has one, the wire. */
  close(reason: string): void;
}

export type Transport = 'sse' | 'ws';

/** One of a client's subscriptions; the broker's topic index holds the same objects. */
export interface Subscription {
  client: RealtimeClient;
  topic: Topic;
}

const NO_SUBSCRIPTIONS: readonly Subscription[] = [];

/**
 * Auth shapes are few (per auth collection, four flag combinations): 10,000 clients share a
 * handful of strings, and a fan-out groups them without building or hashing one per client.
 */
const shapes = new Map<string, string>();

function internedShape(auth: AuthInfo | null): string {
  const shape = authShape(auth);
  const known = shapes.get(shape);
  if (known !== undefined) return known;
  if (shapes.size >= 1000) shapes.clear();
  shapes.set(shape, shape);
  return shape;
}

const GUEST_SHAPE = internedShape(null);

export class RealtimeClient {
  readonly connectedAt = Date.now();
  /** The idle timer restarts only when a message is actually delivered (realtime.md §7). */
  lastDeliveryAt = Date.now();
  /** null for guests; replaced by the fresh record when the bound auth record changes. */
  auth: AuthInfo | null = null;
  /** The auth `shape` was worked out for: a new auth object is noticed however it was set. */
  private shapeOf: AuthInfo | null = null;
  private shape = GUEST_SHAPE;
  /**
   * Deduplicated, in the order posted; a POST replaces them all. An array, not a Map: at 10,000
   * clients with one or two topics each, a Map's table cost ~260 bytes a client (issue 17).
   */
  subscriptions: readonly Subscription[] = NO_SUBSCRIPTIONS;
  closed = false;
  /** Subscription-POST token bucket (a flood of subscribe calls gets 429). */
  tokens: number;
  tokensAt = Date.now();

  constructor(
    readonly id: string,
    readonly sink: ClientSink,
    readonly ip: string,
    readonly transport: Transport,
    burst: number,
  ) {
    this.tokens = burst;
  }

  /** Subscription string → topic (a copy: metrics, tests, the OAuth2 relay's check). */
  get topics(): ReadonlyMap<string, Topic> {
    return new Map(this.subscriptions.map((s) => [s.topic.raw, s.topic]));
  }

  /**
   * `authShape(auth)`: which of an event's rule queries this client's check joins (rule-batch.ts),
   * kept from one event to the next: a string per subscriber per event cost ~0.5 µs each.
   */
  authShape(): string {
    if (this.shapeOf !== this.auth) {
      this.shapeOf = this.auth;
      this.shape = internedShape(this.auth);
    }
    return this.shape;
  }

  subscribedTo(raw: string): boolean {
    return this.subscriptions.some((s) => s.topic.raw === raw);
  }

  /** Sends one message; a failed send means the sink dropped the client. */
  deliver(event: string, data: string): boolean {
    if (this.closed) return false;
    const ok = this.sink.send(event, data);
    if (ok) this.lastDeliveryAt = Date.now();
    return ok;
  }
}
