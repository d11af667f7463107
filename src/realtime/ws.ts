// The WebSocket transport (docs/realtime-ws.md): SSE's events as JSON frames, subscriptions as frames or POSTs.
import type { ServerWebSocket, WebSocketHandler } from 'bun';
import { refusesSuperuserAt } from '../core/auth/superuser-ips.ts';
import { resolveRequestAuth } from '../core/auth/tokens/request-auth.ts';
import type { Core } from '../core/core.ts';
import { BadRequestError, ForbiddenError, SatchelError } from '../core/errors.ts';
import type { Broker } from '../core/realtime/broker.ts';
import type { ClientSink, RealtimeClient } from '../core/realtime/client.ts';
import { parseSubscribeInput } from '../core/realtime/subscribe-input.ts';
import type { AuthInfo } from '../core/records/auth-info.ts';
import { noteConnect, noteFrame } from './gc-nudge.ts';

export interface WsData {
  ip: string;
  client: RealtimeClient | null;
  /** Frames of one socket are handled in order (auth resolution awaits); null when none is pending. */
  chain: Promise<void> | null;
}

/** Bun's own liveness: pings every idle period, a socket silent that long is closed. */
const IDLE_TIMEOUT_S = 120;
/** 1000 topics × 2500 chars fit; anything larger is closed by Bun with 1009. */
const MAX_PAYLOAD = 4 << 20;

/**
 * The last event name as JSON: a fan-out sends one name to every client, so it is encoded once
 * rather than once per client.
 */
let lastEvent = { name: '', json: '""' };

const PLAIN_ID = /^[A-Za-z0-9]*$/;

/** A client id as it goes between JSON quotes: `newClientId`'s `[A-Za-z0-9]` as is, else escaped. */
export function jsonSafeId(id: string): string {
  return PLAIN_ID.test(id) ? id : JSON.stringify(id).slice(1, -1);
}

/**
 * `{"event":…,"id":…,"data":…}`: `data` is already JSON, spliced in rather than re-encoded, and
 * `safeId` is `jsonSafeId`'s (no JSON.stringify per client per event).
 */
export function wsEventFrame(safeId: string, event: string, data: string): string {
  if (event !== lastEvent.name) lastEvent = { name: event, json: JSON.stringify(event) };
  return `{"event":${lastEvent.json},"id":"${safeId}","data":${data}}`;
}

function errorFrame(err: unknown, requestId: unknown): string {
  const e =
    err instanceof SatchelError
      ? err
      : new SatchelError(500, 'Something went wrong while processing your request.');
  if (!(err instanceof SatchelError)) console.error('realtime ws frame failed:', err);
  return JSON.stringify({
    type: 'error',
    ...(requestId === undefined ? {} : { requestId }),
    status: e.status,
    message: e.message,
    data: e.data,
  });
}

/** The token's auth, refusing a superuser outside settings.superuserIPs like every HTTP request. */
async function resolveAuth(core: Core, token: unknown, ip: string): Promise<AuthInfo | null> {
  if (token !== undefined && token !== null && typeof token !== 'string') {
    throw new BadRequestError('Invalid authorization value.');
  }
  const auth = resolveRequestAuth(core, token || null);
  if (auth?.isSuperuser && refusesSuperuserAt(core, ip)) throw new ForbiddenError();
  return auth;
}

async function handleFrame(
  core: Core,
  broker: Broker,
  ws: ServerWebSocket<WsData>,
  message: string | Buffer,
): Promise<void> {
  let frame: Record<string, unknown>;
  try {
    if (typeof message !== 'string') throw new Error('binary');
    const parsed: unknown = JSON.parse(message);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error();
    frame = parsed as Record<string, unknown>;
  } catch {
    ws.send(errorFrame(new BadRequestError('Malformed frame: expected a JSON object.'), undefined));
    return;
  }
  const { requestId } = frame;
  try {
    const client = ws.data.client;
    if (!client || client.closed) throw new BadRequestError('Invalid realtime client.');
    switch (frame.type) {
      case 'ping':
        ws.send(
          JSON.stringify({ type: 'pong', ...(requestId === undefined ? {} : { requestId }) }),
        );
        return;
      case 'subscribe': {
        const input = parseSubscribeInput({ subscriptions: frame.subscriptions ?? [] }, false);
        const auth = await resolveAuth(core, frame.authorization, ws.data.ip);
        broker.setSubscriptions(client.id, {
          ip: ws.data.ip,
          auth,
          subscriptions: input.subscriptions,
        });
        ws.send(JSON.stringify({ type: 'ack', ...(requestId === undefined ? {} : { requestId }) }));
        return;
      }
      default:
        throw new BadRequestError('Unknown frame type.');
    }
  } catch (err) {
    ws.send(errorFrame(err, requestId));
  }
}

/** One socket as the broker's sink; a class, not closures: ~150 bytes less a client at 10,000. */
class WsSink implements ClientSink {
  private readonly id: string;

  constructor(
    private readonly ws: ServerWebSocket<WsData>,
    id: string,
    private readonly limit: number,
  ) {
    this.id = jsonSafeId(id);
  }

  send(event: string, data: string): boolean {
    const ws = this.ws;
    if (ws.readyState !== 1) return false;
    noteFrame();
    // A positive status is the bytes sent: nothing waits in the socket's buffer, no need to ask.
    if (ws.send(wsEventFrame(this.id, event, data)) > 0) return true;
    if (ws.getBufferedAmount() > this.limit) {
      console.warn(`realtime: dropped WebSocket client ${this.id}: buffer full`);
      ws.close(1008, 'buffer full');
      return false;
    }
    return true;
  }

  close(reason: string): void {
    if (this.ws.readyState === 1) this.ws.close(1000, reason.slice(0, 120));
  }
}

/** Bun's `websocket` option for `Bun.serve`: one broker client per socket. */
export function createWebSocketHandler(core: Core, broker: Broker): WebSocketHandler<WsData> {
  const limit = broker.limits.maxBufferedBytes;
  return {
    maxPayloadLength: MAX_PAYLOAD,
    idleTimeout: IDLE_TIMEOUT_S,
    sendPings: true,
    open(ws) {
      try {
        ws.data.client = broker.connect(ws.data.ip, 'ws', (id) => new WsSink(ws, id, limit));
        // Its frames (subscriptions) wait for its PB_CONNECT, as an SSE client's POST does.
        ws.data.chain = broker.starting;
        noteConnect();
      } catch (err) {
        ws.send(errorFrame(err, undefined));
        ws.close(1013, 'too many realtime clients');
      }
    },
    message(ws, message) {
      const run = () => handleFrame(core, broker, ws, message);
      const next = ws.data.chain ? ws.data.chain.then(run) : run();
      ws.data.chain = next;
      // An idle socket keeps no settled promise alive.
      void next.finally(() => {
        if (ws.data.chain === next) ws.data.chain = null;
      });
    },
    close(ws) {
      const client = ws.data.client;
      if (client) broker.disconnect(client);
    },
  };
}
