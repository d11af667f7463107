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
 * A write hands the socket at most this much of a large payload: what the socket can't take at
 * once is copied into the client's own buffer, so a slow client costs one piece, not a payload.
 */
export const PIECE_BYTES = 64 << 10;

/**
 * The UTF-8 of the last payload sent, cut in pieces: a fan-out hands the same `data` string to
 * every client, so it is encoded and cut once and the same bytes are written to (or wait for)
 * every client (each client's own part, the `id:` line, is small). Only the latest is kept:
 * payloads arrive one event at a time.
 */
let lastData: { text: string; pieces: Uint8Array[] } = { text: '', pieces: [] };

export function encodeData(data: string): Uint8Array[] {
  // Same string object → a pointer compare; an equal copy → compared once, still not re-encoded.
  if (data !== lastData.text) {
    const bytes = encoder.encode(data);
    const pieces: Uint8Array[] = [];
    for (let at = 0; at < bytes.byteLength; at += PIECE_BYTES) {
      pieces.push(bytes.subarray(at, at + PIECE_BYTES));
    }
    lastData = { text: data, pieces };
  }
  return lastData.pieces;
}

/** Payloads below this go out as one chunk: copying them is cheaper than three writes. */
const SHARED_FROM = 16 << 10;

/**
 * `sseFrame` as bytes: one chunk for a small payload; for a large one the client's own header, the
 * payload's pieces shared with every other client, and the frame end.
 */
export function frameChunks(clientId: string, event: string, data: string): Uint8Array[] {
  if (data.length < SHARED_FROM) return [encoder.encode(sseFrame(clientId, event, data))];
  return [encoder.encode(`id:${clientId}\nevent:${event}\ndata:`), ...encodeData(data), FRAME_END];
}

/** A client with nothing waiting. */
const NONE: Uint8Array[] = [];

/**
 * One client's stream: Bun's direct source (writes go straight to the socket, no stream queue or
 * promise per chunk) and the broker's sink in one object, its methods on the prototype (per-stream
 * closures cost ~300 bytes a client at 10,000, issue 17).
 *
 * Backpressure: a write the socket can't take whole returns a promise (the rest of that one chunk
 * is buffered by Bun); until it settles, chunks wait in `waiting` as references to the shared
 * payload bytes, no copy. Past `limit` bytes waiting the client is dropped (the stream errors, the
 * SDK reconnects) instead of growing without bound while others wait.
 */
class SseStream implements ClientSink {
  readonly type = 'direct';
  private controller: ReadableStreamDirectController | null = null;
  private closed = false;
  /** Chunks not yet handed to the socket: before the stream starts, or while it drains. */
  private waiting: Uint8Array[] = NONE;
  private waitingBytes = 0;
  private draining = false;
  client: RealtimeClient | null = null;
  id = '';

  constructor(
    private readonly broker: Broker,
    private readonly limit: number,
  ) {}

  /** Bun calls it once, when the response starts: returning without closing keeps it open. */
  pull(controller: ReadableStreamDirectController): void {
    this.controller = controller;
    if (this.closed) controller.close();
    else this.flushWaiting();
  }

  /** The client went away. */
  cancel(): void {
    this.closed = true;
    this.waiting = NONE;
    if (this.client) this.broker.disconnect(this.client);
  }

  send(event: string, data: string): boolean {
    if (this.closed) return false;
    const chunks = frameChunks(this.id, event, data);
    if (this.controller === null || this.draining || this.waiting.length > 0) {
      // Checked before queueing: only bytes still waiting from earlier frames count, so a client
      // holds at most the limit plus one frame.
      if (this.waitingBytes > this.limit) {
        this.drop();
        return false;
      }
      if (this.waiting === NONE) this.waiting = [];
      for (const chunk of chunks) {
        this.waiting.push(chunk);
        this.waitingBytes += chunk.byteLength;
      }
      return true;
    }
    if (!this.write(chunks, 0)) return false;
    this.controller.flush();
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.waiting = NONE;
    try {
      this.controller?.close();
    } catch {
      // Already closed by the client.
    }
  }

  /**
   * Writes `chunks` from `from` on until the socket pushes back; the rest becomes `waiting`.
   * False when the client is gone.
   */
  private write(chunks: Uint8Array[], from: number): boolean {
    const controller = this.controller!;
    for (let i = from; i < chunks.length; i++) {
      const written = controller.write(chunks[i]!);
      if (typeof written === 'number') {
        if (written === 0 && chunks[i]!.byteLength > 0) {
          // The destination has gone away; Bun cancels the stream too (idempotent).
          this.cancel();
          return false;
        }
        continue;
      }
      // Accepted, but the socket is full: the rest waits for it to drain.
      const rest = chunks.slice(i + 1);
      this.waiting = rest.length > 0 ? rest : NONE;
      this.waitingBytes = 0;
      for (const chunk of rest) this.waitingBytes += chunk.byteLength;
      this.draining = true;
      written.then(
        () => this.drained(),
        () => this.cancel(),
      );
      return true;
    }
    return true;
  }

  private drained(): void {
    this.draining = false;
    if (!this.closed) this.flushWaiting();
  }

  private flushWaiting(): void {
    const chunks = this.waiting;
    if (chunks.length === 0) return;
    this.waiting = NONE;
    this.waitingBytes = 0;
    if (this.write(chunks, 0)) this.controller!.flush();
  }

  private drop(): void {
    this.closed = true;
    this.waiting = NONE;
    console.warn(
      `realtime: dropped SSE client ${this.id}: buffer full (${this.limit} bytes unsent)`,
    );
    this.controller?.close(new Error('realtime buffer full'));
  }
}

/**
 * Registers a client and answers with its event stream. Throws 429 when the broker is full.
 */
export function openSse(broker: Broker, ip: string): Response {
  const source = new SseStream(broker, broker.limits.maxBufferedBytes);
  // Bun's direct stream: written straight to the response's socket (its types miss this overload).
  const stream = new ReadableStream(source as unknown as UnderlyingDefaultSource<Uint8Array>);
  source.client = broker.connect(ip, 'sse', (id) => {
    source.id = id;
    return source;
  });
  noteConnect();
  return new Response(stream, { headers: HEADERS });
}
