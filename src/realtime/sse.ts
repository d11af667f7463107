// The SSE transport (realtime.md §1): one stream per client, `id:<clientId>` on every message, bounded buffer.
import type { Broker } from '../core/realtime/broker.ts';
import type { ClientSink, RealtimeClient } from '../core/realtime/client.ts';
import { noteConnect } from './gc-nudge.ts';

const encoder = new TextEncoder();
const FRAME_END = encoder.encode('\n\n');

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
 * The UTF-8 of the last payload sent: a fan-out hands the same `data` string to every client, so
 * it is encoded once and the same bytes are queued for every client (each client's own part, the
 * `id:` line, is small). Only the latest is kept: payloads arrive one event at a time.
 */
let lastData: { text: string; bytes: Uint8Array } = { text: '', bytes: new Uint8Array(0) };

export function encodeData(data: string): Uint8Array {
  // Same string object → a pointer compare; an equal copy → compared once, still not re-encoded.
  if (data !== lastData.text) lastData = { text: data, bytes: encoder.encode(data) };
  return lastData.bytes;
}

/** Payloads below this go out as one chunk: copying them is cheaper than three enqueues. */
const SHARED_FROM = 16 << 10;

/**
 * `sseFrame` as bytes: one chunk for a small payload; for a large one the client's own header, the
 * payload's bytes shared with every other client, and the frame end.
 */
export function frameChunks(clientId: string, event: string, data: string): Uint8Array[] {
  if (data.length < SHARED_FROM) return [encoder.encode(sseFrame(clientId, event, data))];
  return [encoder.encode(`id:${clientId}\nevent:${event}\ndata:`), encodeData(data), FRAME_END];
}

/** Chunks are counted in bytes; highWaterMark 0 makes desiredSize minus the bytes still queued. */
const STRATEGY: QueuingStrategy<Uint8Array> = {
  highWaterMark: 0,
  size: (chunk) => chunk?.byteLength ?? 0,
};

/**
 * One client's stream: the stream's underlying source and the broker's sink in one object, its
 * methods on the prototype. Per-stream closures cost ~300 bytes a client at 10,000 (issue 17).
 */
class SseStream implements UnderlyingDefaultSource<Uint8Array>, ClientSink {
  private controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  private closed = false;
  client: RealtimeClient | null = null;
  id = '';

  constructor(
    private readonly broker: Broker,
    private readonly limit: number,
  ) {}

  start(c: ReadableStreamDefaultController<Uint8Array>): void {
    this.controller = c;
  }

  cancel(): void {
    this.closed = true;
    if (this.client) this.broker.disconnect(this.client);
  }

  send(event: string, data: string): boolean {
    const controller = this.controller;
    if (this.closed || !controller) return false;
    // Checked before queueing: a large frame's later chunks wait for the socket's next read even
    // for a client that keeps up, so only bytes still unsent from earlier frames count. A client
    // holds at most the limit plus one frame.
    if ((controller.desiredSize ?? 0) < -this.limit) {
      this.closed = true;
      console.warn(
        `realtime: dropped SSE client ${this.id}: buffer full (${this.limit} bytes unsent)`,
      );
      controller.error(new Error('realtime buffer full'));
      return false;
    }
    for (const chunk of frameChunks(this.id, event, data)) controller.enqueue(chunk);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.controller?.close();
    } catch {
      // Already errored or cancelled by the client.
    }
  }
}

/**
 * Registers a client and answers with its event stream. The queue counts bytes the socket hasn't
 * taken yet: past `maxBufferedBytes` the client is dropped (the stream errors, the SDK reconnects)
 * instead of growing without bound while others wait. Throws 429 when the broker is full.
 */
export function openSse(broker: Broker, ip: string): Response {
  const source = new SseStream(broker, broker.limits.maxBufferedBytes);
  // Backpressure is Bun's: its socket sink reads from the stream only while the socket can take
  // more (measured: a reader that never reads takes ~4 MiB, then nothing), so what it doesn't take
  // waits here as references to the shared payload bytes, no copy, until the client is dropped.
  const stream = new ReadableStream<Uint8Array>(source, STRATEGY);
  source.client = broker.connect(ip, 'sse', (id) => {
    source.id = id;
    return source;
  });
  noteConnect();
  return new Response(stream, { headers: HEADERS });
}
