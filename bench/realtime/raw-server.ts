// The baseline for bench/realtime.ts: a plain Bun.serve fan-out speaking the same wire (PB_CONNECT,
// subscription POST, `event:<topic>` frames; WS as docs/realtime-ws.md) with no auth, rules or limits,
// so Satchel's connection memory and delivery time read as a multiple of what Bun itself needs.
// `bun bench/realtime/raw-server.ts` prints `127.0.0.1:<port>`; POST /publish [{topic, data}] fans out.
import type { ServerWebSocket } from 'bun';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const newId = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(40)), (b) => ALPHABET[b % 62]).join('');

interface Client {
  id: string;
  topics: string[];
  write(event: string, data: string): void;
}
const clients = new Map<string, Client>();
const encoder = new TextEncoder();

type WsData = { client: Client | null };

const server = Bun.serve<WsData>({
  hostname: '127.0.0.1',
  port: 0,
  idleTimeout: 0,
  async fetch(req, srv) {
    const path = new URL(req.url).pathname;
    if (req.method === 'GET' && path === '/api/realtime') {
      const id = newId();
      const source: Bun.DirectUnderlyingSource<Uint8Array> = {
        type: 'direct',
        pull(controller: ReadableStreamDirectController) {
          const client: Client = {
            id,
            topics: [],
            write(event, data) {
              controller.write(encoder.encode(`id:${id}\nevent:${event}\ndata:${data}\n\n`));
              controller.flush();
            },
          };
          clients.set(id, client);
          client.write('PB_CONNECT', JSON.stringify({ clientId: id }));
          return new Promise<void>((resolve) => {
            req.signal.addEventListener('abort', () => {
              clients.delete(id);
              resolve();
            });
          });
        },
      };
      // Bun's direct stream: written straight to the response sink (its types miss this overload).
      return new Response(new ReadableStream(source as unknown as UnderlyingDefaultSource), {
        headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-store' },
      });
    }
    if (req.method === 'GET' && path === '/api/realtime/ws') {
      if (srv.upgrade(req, { data: { client: null } })) return undefined;
      return new Response('upgrade expected', { status: 400 });
    }
    if (req.method === 'POST' && path === '/api/realtime') {
      const body = (await req.json()) as { clientId: string; subscriptions: string[] };
      const client = clients.get(body.clientId);
      if (!client) return new Response(null, { status: 404 });
      client.topics = body.subscriptions;
      return new Response(null, { status: 204 });
    }
    if (req.method === 'POST' && path === '/publish') {
      const events = (await req.json()) as { topic: string; data: unknown }[];
      for (const { topic, data } of events) {
        const json = JSON.stringify(data);
        for (const c of clients.values()) if (c.topics.includes(topic)) c.write(topic, json);
      }
      return new Response(null, { status: 204 });
    }
    return new Response(null, { status: 404 });
  },
  websocket: {
    open(ws: ServerWebSocket<WsData>) {
      const id = newId();
      const client: Client = {
        id,
        topics: [],
        write(event, data) {
          ws.send(`{"event":${JSON.stringify(event)},"id":"${id}","data":${data}}`);
        },
      };
      ws.data.client = client;
      clients.set(id, client);
      client.write('PB_CONNECT', JSON.stringify({ clientId: id }));
    },
    message(ws, message) {
      const frame = JSON.parse(String(message)) as { type: string; subscriptions?: string[] };
      if (frame.type === 'subscribe' && ws.data.client) {
        ws.data.client.topics = frame.subscriptions ?? [];
        ws.send('{"type":"ack"}');
      }
    },
    close(ws) {
      if (ws.data.client) clients.delete(ws.data.client.id);
    },
  },
});
console.log(`listening on 127.0.0.1:${server.port}`);
// An exit rather than the default kill, so `--cpu-prof` (BENCH_RAW_FLAGS) writes its profile.
process.on('SIGTERM', () => process.exit(0));
