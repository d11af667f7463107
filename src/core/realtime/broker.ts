// The realtime broker: connected clients, their topics, auth binding, limits, and fan-out of bus messages.

import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { BadRequestError, ForbiddenError, NotFoundError, TooManyRequestsError } from '../errors.ts';
import type { AuthInfo } from '../records/auth-info.ts';
import type { RecordData } from '../records/record.ts';
import type { BusMessage, CollectionChange, RealtimeBus, RecordChange } from './bus.ts';
import {
  type ClientSink,
  newClientId,
  RealtimeClient,
  type Subscription,
  type Transport,
} from './client.ts';
import type { Delivery, PreparedEvent } from './delivery.ts';
import { buildDeliveries, type FieldsPicker, prepareChecks, type Target } from './fanout.ts';
import { DEFAULT_LIMITS, type RealtimeLimits, takeToken } from './limits.ts';
import { nextTurn, sendInSlices } from './slices.ts';
import { eventPaths, parseTopic, type Topic } from './topics.ts';

export interface BrokerOptions {
  limits?: Partial<RealtimeLimits>;
  /** The `fields` option's picker; without it the option is ignored. */
  pickFields?: FieldsPicker;
}

/** A delivery's weight for slicing: its payload's length (UTF-16 units ≈ bytes for JSON). */
const sizeOf = (d: Delivery) => d.data.length;

/** Topics with control characters would break the SSE framing of their own event name. */
const CONTROL = /[\r\n\0]/;

/** Parsed topics kept for reuse; past this many distinct strings the cache starts over. */
const TOPIC_CACHE_SIZE = 10_000;

export class Broker {
  readonly limits: RealtimeLimits;
  private readonly clients = new Map<string, RealtimeClient>();
  private readonly perIp = new Map<string, number>();
  /** Topic path (`posts/*`, `posts/<id>`, `posts`) → the subscriptions on it. */
  private readonly index = new Map<string, Set<Target>>();
  /**
   * Subscription string → its parsed topic, shared by every client posting the same string
   * (topics are never mutated): 10,000 clients on `posts/*` hold one Topic and one string.
   */
  private readonly topicCache = new Map<string, Topic>();
  /** Messages are processed one after another, so each client sees events in commit order. */
  private chain: Promise<void> = Promise.resolve();
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly unsubscribe: () => void;
  private readonly pick: FieldsPicker | null;

  constructor(
    private readonly core: Core,
    readonly bus: RealtimeBus,
    options: BrokerOptions = {},
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.pick = options.pickFields ?? null;
    this.unsubscribe = bus.subscribe((m) => this.enqueue(m));
    bus.setListening?.(false);
    this.sweeper = setInterval(() => this.sweep(), this.limits.sweepIntervalMs);
    this.sweeper.unref?.();
  }

  get size(): number {
    return this.clients.size;
  }

  /** For metrics: connections by transport and subscriptions summed over clients (O(clients)). */
  stats(): { sse: number; ws: number; subscriptions: number } {
    const out = { sse: 0, ws: 0, subscriptions: 0 };
    for (const client of this.clients.values()) {
      out[client.transport]++;
      out.subscriptions += client.subscriptions.length;
    }
    return out;
  }

  find(id: string): RealtimeClient | undefined {
    return this.clients.get(id);
  }

  /**
   * Registers a client and sends `PB_CONNECT` first (realtime.md §1). `createSink` gets the new
   * client id (every SSE message carries it). Throws 429 when a connection limit is reached.
   */
  connect(
    ip: string,
    transport: Transport,
    createSink: (id: string) => ClientSink,
  ): RealtimeClient {
    const { maxClients, maxClientsPerIp, subscribeBurst } = this.limits;
    if (this.clients.size >= maxClients) throw new TooManyRequestsError();
    const fromIp = this.perIp.get(ip) ?? 0;
    if (maxClientsPerIp > 0 && fromIp >= maxClientsPerIp) throw new TooManyRequestsError();
    const id = newClientId();
    const client = new RealtimeClient(id, createSink(id), ip, transport, subscribeBurst);
    this.clients.set(id, client);
    if (this.clients.size === 1) this.listen();
    this.perIp.set(ip, fromIp + 1);
    const greet = () => {
      if (!client.closed) client.deliver('PB_CONNECT', JSON.stringify({ clientId: id }));
    };
    if (this.starting) void this.starting.then(greet);
    else greet();
    return client;
  }

  /**
   * Set while the bus readies for this process's first client (SQLite workers: until every sibling
   * stages outbox rows for its writes). Until then no client here gets its PB_CONNECT, so none
   * subscribes (a WebSocket's frames wait for it too): no write it could miss commits meanwhile.
   */
  get starting(): Promise<void> | null {
    return this.pendingStart;
  }
  private pendingStart: Promise<void> | null = null;

  private listen(): void {
    const ready = this.bus.setListening?.(true);
    if (!ready) return;
    this.pendingStart = ready;
    void ready.then(() => {
      if (this.pendingStart === ready) this.pendingStart = null;
    });
  }

  /** Unregisters a client (idempotent); `reason` closes the transport when the server ends it. */
  disconnect(client: RealtimeClient, reason = 'client disconnected'): void {
    if (client.closed) return;
    client.closed = true;
    this.clients.delete(client.id);
    if (this.clients.size === 0) {
      this.pendingStart = null;
      this.bus.setListening?.(false);
    }
    const n = (this.perIp.get(client.ip) ?? 1) - 1;
    if (n <= 0) this.perIp.delete(client.ip);
    else this.perIp.set(client.ip, n);
    this.unindex(client);
    client.sink.close(reason);
  }

  /**
   * Replaces a client's subscriptions (realtime.md §2): unknown client 404, another IP 400, an
   * auth change other than guest→user or same user 403, too many calls 429.
   */
  setSubscriptions(
    clientId: string,
    input: { ip: string; auth: AuthInfo | null; subscriptions: string[] },
  ): void {
    const client = this.clients.get(clientId);
    if (!client || client.closed) throw new NotFoundError('Missing or invalid client id.');
    if (input.ip !== client.ip) throw new BadRequestError('Invalid realtime client.');
    const old = client.auth;
    const next = input.auth;
    if (
      old &&
      (!next || next.collection.id !== old.collection.id || next.record.id !== old.record.id)
    ) {
      throw new ForbiddenError("The current and the previous request authorization don't match.");
    }
    const { subscribeBurst, subscribePerSecond } = this.limits;
    if (!takeToken(client, subscribeBurst, subscribePerSecond)) throw new TooManyRequestsError();
    // The token itself is never read again here; at 10,000 clients its copies add up.
    client.auth = next && next.token !== '' ? { ...next, token: '' } : next;
    // Worked out here rather than in the client's first event, where 10,000 at once add up.
    client.authShape();
    this.unindex(client);
    const subscriptions: Subscription[] = [];
    const seen = new Set<string>();
    for (const raw of input.subscriptions) {
      if (raw === '' || CONTROL.test(raw) || seen.has(raw)) continue;
      seen.add(raw);
      const sub = { client, topic: this.topic(raw) };
      subscriptions.push(sub);
      if (sub.topic.kind === 'other') continue;
      let set = this.index.get(sub.topic.path);
      if (!set) {
        set = new Set();
        this.index.set(sub.topic.path, set);
      }
      set.add(sub);
    }
    client.subscriptions = subscriptions;
  }

  private topic(raw: string): Topic {
    let topic = this.topicCache.get(raw);
    if (!topic) {
      if (this.topicCache.size >= TOPIC_CACHE_SIZE) this.topicCache.clear();
      topic = parseTopic(raw);
      this.topicCache.set(raw, topic);
      prepareChecks(this.core, topic);
    }
    return topic;
  }

  /** Sends a custom message to every client subscribed to `topic` exactly (app-defined topics). */
  broadcast(topic: string, data: unknown): number {
    const json = JSON.stringify(data);
    let n = 0;
    for (const client of this.clients.values()) {
      if (client.subscribedTo(topic) && this.send(client, topic, json)) n++;
    }
    return n;
  }

  /**
   * A delete's deliveries, decided while its row still exists (called inside the transaction,
   * realtime.md §3): rules that look at the record, its relations or back-relations still work.
   */
  async prepare(c: Collection, record: RecordData): Promise<PreparedEvent | null> {
    if (c.type === 'view') return null;
    const targets = this.match(c, record.id);
    if (targets.length === 0) return { deliveries: [] };
    return {
      deliveries: await buildDeliveries(this.core, c, record, 'delete', targets, this.pick),
    };
  }

  /** Resolves once every message received so far has been delivered (tests, shutdown). */
  idle(): Promise<void> {
    return this.chain;
  }

  close(reason = 'server shutdown'): void {
    clearInterval(this.sweeper);
    this.unsubscribe();
    for (const client of [...this.clients.values()]) this.disconnect(client, reason);
  }

  private enqueue(message: BusMessage): void {
    this.chain = this.chain
      .then(() => this.process(message))
      .catch((err) => console.error('realtime: event fan-out failed:', err));
  }

  private async process(message: BusMessage): Promise<void> {
    if (message.kind === 'collection') return this.collectionChanged(message);
    const c = this.core.collections.find(message.collectionId);
    if (!c || c.type === 'view') return;
    if (c.type === 'auth') this.authRecordChanged(c, message);
    if (this.clients.size === 0) return;
    // Each fan-out starts in a turn of its own: published right after the COMMIT, it would otherwise
    // run in the write's task, and a 1 MiB record's serialization, encoding and first socket write
    // on top of its insert and commit blocked the event loop > 10 ms (issue 17).
    let deliveries: Delivery[];
    if (message.prepared) {
      deliveries = message.prepared.deliveries;
      if (deliveries.length === 0) return;
      await nextTurn();
    } else {
      const targets = this.match(c, message.record.id);
      if (targets.length === 0) return;
      await nextTurn();
      deliveries = await buildDeliveries(
        this.core,
        c,
        message.record,
        message.action,
        targets,
        this.pick,
      );
    }
    // In slices: 200 clients × a 1 MiB event handed to the sockets in one go blocked the event
    // loop (and every request) for seconds; between slices other work runs.
    const hook = this.core.hooks.onRealtimeMessageSend;
    if (hook.length === 0) {
      await sendInSlices(deliveries, sizeOf, (d) => {
        this.send(d.client, d.event, d.data);
      });
      return;
    }
    await sendInSlices(deliveries, sizeOf, async (d) => {
      const message = { name: d.event, data: d.data };
      try {
        await hook.trigger({ clientId: d.client.id, message }, (e) => {
          this.send(d.client, e.message.name, e.message.data);
        });
      } catch (err) {
        // One client's failing handler never stops the others' messages.
        console.error('onRealtimeMessageSend handler failed:', err);
      }
    });
  }

  private send(client: RealtimeClient, event: string, data: string): boolean {
    if (client.closed) return false;
    if (client.deliver(event, data)) return true;
    this.disconnect(client, 'send failed');
    return false;
  }

  private match(c: Collection, recordId: string): Target[] {
    const out: Target[] = [];
    for (const path of eventPaths(c, recordId)) {
      const set = this.index.get(path);
      if (set) for (const t of set) if (!t.client.closed) out.push(t);
    }
    return out;
  }

  private unindex(client: RealtimeClient): void {
    for (const t of client.subscriptions) {
      const set = this.index.get(t.topic.path);
      if (!set) continue;
      set.delete(t);
      if (set.size === 0) this.index.delete(t.topic.path);
    }
  }

  /** realtime.md §4.1: fresh record for bound clients; a new tokenKey or a delete → guest. */
  private authRecordChanged(c: Collection, change: RecordChange): void {
    for (const client of this.clients.values()) {
      const auth = client.auth;
      if (!auth || auth.collection.id !== c.id || auth.record.id !== change.record.id) continue;
      if (change.action === 'delete' || change.record.tokenKey !== auth.record.tokenKey) {
        client.auth = null;
      } else {
        client.auth = { ...auth, record: change.record, collection: c };
      }
    }
  }

  /** A deleted auth collection or a new token secret voids every bound token of it. */
  private collectionChanged(change: CollectionChange): void {
    const fresh = this.core.collections.find(change.collectionId);
    for (const client of this.clients.values()) {
      const auth = client.auth;
      if (!auth || auth.collection.id !== change.collectionId) continue;
      if (change.action === 'delete' || change.secretChanged || !fresh) client.auth = null;
      else client.auth = { ...auth, collection: fresh };
    }
  }

  private sweep(): void {
    const now = Date.now();
    const { idleTimeoutMs, maxLifetimeMs } = this.limits;
    for (const client of [...this.clients.values()]) {
      if (now - client.connectedAt >= maxLifetimeMs)
        this.disconnect(client, 'max lifetime reached');
      else if (now - client.lastDeliveryAt >= idleTimeoutMs)
        this.disconnect(client, 'idle timeout');
    }
  }
}
