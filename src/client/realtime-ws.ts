// A small typed client for Satchel's realtime WebSocket protocol (docs/realtime-ws.md), for browsers and Bun.

export type RecordAction = 'create' | 'update' | 'delete';

export interface RecordEvent<T = Record<string, unknown>> {
  action: RecordAction;
  record: T & { id: string; collectionId: string; collectionName: string };
}

/** What the server sends: an event (`PB_CONNECT` or a subscription's), an ack, an error, a pong. */
export type ServerFrame =
  | { event: string; id: string; data: unknown }
  | { type: 'ack'; requestId?: string }
  | { type: 'pong'; requestId?: string }
  | {
      type: 'error';
      requestId?: string;
      status: number;
      message: string;
      data: Record<string, unknown>;
    };

/** What the client sends. */
export type ClientFrame =
  | { type: 'subscribe'; subscriptions: string[]; authorization?: string; requestId?: string }
  | { type: 'ping'; requestId?: string };

/** A failed subscribe: the same status/message/data as the HTTP error envelope. */
export class RealtimeError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface SubscribeOptions {
  expand?: string;
  fields?: string;
  filter?: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
}

export interface RealtimeWsOptions {
  /** The current auth token (e.g. `() => pb.authStore.token`); sent with every subscribe frame. */
  token?: () => string | null | undefined;
  /** Reconnect delays in ms, the last repeating (the SDK's SSE schedule by default). */
  retryDelays?: number[];
  /** Called after every unexpected close, before reconnecting. */
  onDisconnect?: (reason: string) => void;
  WebSocket?: typeof WebSocket;
}

type Listener = (e: RecordEvent) => void;

const DEFAULT_DELAYS = [200, 300, 500, 1000, 1200, 1500, 2000];

/** `topic` + options as the SDK encodes them: `posts/*?options=<encoded JSON>`. */
export function topicKey(topic: string, options?: SubscribeOptions): string {
  if (!options) return topic;
  const { query = {}, headers = {}, ...rest } = options;
  const q: Record<string, string> = { ...query };
  for (const [k, v] of Object.entries(rest)) if (v !== undefined) q[k] = v;
  if (Object.keys(q).length === 0 && Object.keys(headers).length === 0) return topic;
  const encoded = encodeURIComponent(JSON.stringify({ query: q, headers }));
  return `${topic}${topic.includes('?') ? '&' : '?'}options=${encoded}`;
}

/**
 * `const rt = new RealtimeWs('http://127.0.0.1:8090'); const off = await rt.subscribe('posts/*', e => …)`.
 * Reconnects with backoff and resubscribes everything; events during a gap are lost (as with SSE).
 */
export class RealtimeWs {
  clientId = '';
  private socket: WebSocket | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();
  private readonly pending = new Map<string, { resolve(): void; reject(e: Error): void }>();
  private connecting: Promise<void> | null = null;
  private seq = 0;
  private attempt = 0;
  private closedByUser = false;

  constructor(
    private readonly baseUrl: string,
    private readonly options: RealtimeWsOptions = {},
  ) {}

  get url(): string {
    return `${this.baseUrl.replace(/^http/, 'ws').replace(/\/$/, '')}/api/realtime/ws`;
  }

  /** Subscribes; resolves once the server acknowledged. Returns the matching unsubscribe. */
  async subscribe(
    topic: string,
    listener: Listener,
    options?: SubscribeOptions,
  ): Promise<() => Promise<void>> {
    const key = topicKey(topic, options);
    let set = this.listeners.get(key);
    const isNew = !set;
    if (!set) {
      set = new Set();
      this.listeners.set(key, set);
    }
    set.add(listener);
    if (isNew || !this.socket) await this.sync();
    return async () => {
      set.delete(listener);
      if (set.size > 0) return;
      this.listeners.delete(key);
      await this.sync();
    };
  }

  /** Sends the current topic set again, e.g. after signing in (auth binding rules apply). */
  async sync(): Promise<void> {
    await this.connect();
    await this.request({ type: 'subscribe', subscriptions: [...this.listeners.keys()] });
  }

  /** Closes for good (no reconnect). */
  close(): void {
    this.closedByUser = true;
    this.socket?.close(1000, 'client closed');
    this.socket = null;
  }

  private connect(): Promise<void> {
    if (this.socket?.readyState === 1 && this.clientId) return Promise.resolve();
    this.connecting ??= new Promise<void>((resolve, reject) => {
      const WS = this.options.WebSocket ?? WebSocket;
      const socket = new WS(this.url);
      let connected = false;
      this.socket = socket;
      this.closedByUser = false;
      socket.onmessage = (m) => {
        const frame = JSON.parse(String(m.data)) as ServerFrame;
        if ('event' in frame && frame.event === 'PB_CONNECT') {
          this.clientId = frame.id;
          connected = true;
          this.attempt = 0;
          this.connecting = null;
          resolve();
          return;
        }
        this.dispatch(frame);
      };
      socket.onclose = (e) => {
        this.connecting = null;
        this.clientId = '';
        for (const p of this.pending.values()) p.reject(new RealtimeError(0, 'connection closed'));
        this.pending.clear();
        if (!connected) {
          reject(new RealtimeError(0, `connect failed (${e.code})`));
          if (this.listeners.size === 0 || this.attempt === 0) return;
        }
        if (this.closedByUser || this.socket !== socket) return;
        if (connected) this.options.onDisconnect?.(e.reason || String(e.code));
        this.reconnect();
      };
    });
    return this.connecting;
  }

  private reconnect(): void {
    const delays = this.options.retryDelays ?? DEFAULT_DELAYS;
    const delay = delays[Math.min(this.attempt, delays.length - 1)] ?? 2000;
    this.attempt++;
    setTimeout(() => {
      if (this.closedByUser || this.listeners.size === 0) return;
      this.sync().catch(() => {
        // connect()'s own close handler schedules the next attempt.
      });
    }, delay);
  }

  private request(frame: ClientFrame): Promise<void> {
    const requestId = String(++this.seq);
    const token = this.options.token?.();
    const full = { ...frame, requestId, ...(token ? { authorization: token } : {}) };
    return new Promise<void>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.socket!.send(JSON.stringify(full));
    });
  }

  private dispatch(frame: ServerFrame): void {
    if ('event' in frame) {
      for (const l of this.listeners.get(frame.event) ?? []) l(frame.data as RecordEvent);
      return;
    }
    const p = frame.requestId ? this.pending.get(frame.requestId) : undefined;
    if (!p) return;
    this.pending.delete(frame.requestId!);
    if (frame.type === 'error')
      p.reject(new RealtimeError(frame.status, frame.message, frame.data));
    else p.resolve();
  }
}
