// The SSE transport (realtime.md §1): one stream per client, `id:<clientId>` on every message, bounded buffer.
import type { Broker } from '../core/realtime/broker.ts';
import type { RealtimeClient } from '../core/realtime/client.ts';

const encoder = new TextEncoder();

const HEADERS = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-store',
  // Tells nginx & co. not to buffer the stream (realtime.md §7).
  'x-accel-buffering': 'no',
};

/** `id:<clientId>\nevent:<name>\ndata:<json>\n\n`, no spaces, as PocketBase writes it (§1.1). */
export function sseFrame(clientId: string, event: string, data: string): string {
  return `id:${clientId}\nevent:${event}\ndata:${data}\n\n`;
}

/**
 * Registers a client and answers with its event stream. The queue counts bytes the socket hasn't
 * taken yet: past `maxBufferedBytes` the client is dropped (the stream errors, the SDK reconnects)
 * instead of growing without bound while others wait. Throws 429 when the broker is full.
 */
export function openSse(broker: Broker, ip: string): Response {
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  let client: RealtimeClient | null = null;
  let closed = false;
  const limit = broker.limits.maxBufferedBytes;
  const stream = new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
      },
      cancel() {
        closed = true;
        if (client) broker.disconnect(client);
      },
    },
    // highWaterMark 0: desiredSize is minus the bytes still queued.
    { highWaterMark: 0, size: (chunk) => chunk?.byteLength ?? 0 },
  );
  client = broker.connect(ip, 'sse', (id) => ({
    send(event, data) {
      if (closed || !controller) return false;
      controller.enqueue(encoder.encode(sseFrame(id, event, data)));
      if ((controller.desiredSize ?? 0) < -limit) {
        closed = true;
        console.warn(`realtime: dropped SSE client ${id}: buffer full (${limit} bytes unsent)`);
        controller.error(new Error('realtime buffer full'));
        return false;
      }
      return true;
    },
    close() {
      if (closed) return;
      closed = true;
      try {
        controller?.close();
      } catch {
        // Already errored or cancelled by the client.
      }
    },
  }));
  return new Response(stream, { headers: HEADERS });
}
