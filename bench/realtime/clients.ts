// Bench subscribers without a browser: raw SSE over TCP and Bun's WebSocket, each timing its first event.

export interface Subscriber {
  clientId: string;
  /** performance.now() when the awaited event arrived, or null. */
  receivedAt: number | null;
  /** Forgets the event received: the next one on the topic sets `receivedAt` again. */
  reset(): void;
  close(): void;
}

/**
 * Opens an SSE stream over a raw socket (fetch per stream costs far more at 10k), reads
 * PB_CONNECT, then POSTs the subscription with `token` and waits for `event` on it.
 */
export async function sseSubscriber(
  host: string,
  port: number,
  topic: string,
  token: string | null,
): Promise<Subscriber> {
  let buffer = '';
  let clientId = '';
  const sub: Subscriber = {
    clientId: '',
    receivedAt: null,
    reset: () => {
      buffer = '';
      sub.receivedAt = null;
    },
    close: () => socket.end(),
  };
  const { promise: connected, resolve } = Promise.withResolvers<void>();
  const marker = `event:${topic}\n`;
  const socket = await Bun.connect({
    hostname: host,
    port,
    socket: {
      data(_s, chunk) {
        if (sub.receivedAt !== null) return;
        buffer += chunk.toString();
        if (!clientId) {
          const m = /id:([A-Za-z0-9]{40})\nevent:PB_CONNECT/.exec(buffer);
          if (m) {
            clientId = m[1]!;
            sub.clientId = clientId;
            buffer = buffer.slice(m.index + m[0].length);
            resolve();
          }
        }
        if (clientId && buffer.includes(marker)) sub.receivedAt = performance.now();
        if (buffer.length > 4096) buffer = buffer.slice(-1024);
      },
    },
  });
  socket.write(`GET /api/realtime HTTP/1.1\r\nHost: ${host}:${port}\r\n\r\n`);
  await connected;
  await post(host, port, clientId, topic, token);
  return sub;
}

/** A WebSocket subscriber speaking docs/realtime-ws.md. */
export async function wsSubscriber(
  host: string,
  port: number,
  topic: string,
  token: string | null,
): Promise<Subscriber> {
  const ws = new WebSocket(`ws://${host}:${port}/api/realtime/ws`);
  const sub: Subscriber = {
    clientId: '',
    receivedAt: null,
    reset: () => {
      sub.receivedAt = null;
    },
    close: () => ws.close(),
  };
  const { promise: acked, resolve, reject } = Promise.withResolvers<void>();
  ws.onmessage = (m) => {
    const text = String(m.data);
    if (sub.receivedAt === null && text.startsWith(`{"event":${JSON.stringify(topic)}`)) {
      sub.receivedAt = performance.now();
      return;
    }
    const frame = JSON.parse(text) as { event?: string; id?: string; type?: string };
    if (frame.event === 'PB_CONNECT') {
      sub.clientId = frame.id!;
      ws.send(
        JSON.stringify({
          type: 'subscribe',
          subscriptions: [topic],
          ...(token ? { authorization: token } : {}),
        }),
      );
    } else if (frame.type === 'ack') resolve();
    else if (frame.type === 'error') reject(new Error(text));
  };
  ws.onerror = () => reject(new Error('websocket error'));
  await acked;
  return sub;
}

async function post(
  host: string,
  port: number,
  clientId: string,
  topic: string,
  token: string | null,
) {
  const res = await fetch(`http://${host}:${port}/api/realtime`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: token } : {}) },
    body: JSON.stringify({ clientId, subscriptions: [topic] }),
  });
  if (res.status !== 204) throw new Error(`subscribe failed: ${res.status} ${await res.text()}`);
}
