// The SSE transport (realtime.md §1): one stream per client, `id:<clientId>` on every message, bounded buffer.
import type { Broker } from '../core/realtime/broker.ts';
import type { ClientSink, RealtimeClient } from '../core/realtime/client.ts';
import { noteConnect, noteFrame } from './gc-nudge.ts';

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
 * What a frame is written as. A small frame stays a string: Bun copies a string's bytes straight
 * into the socket, where encoding it first made a buffer per client per event (a fan-out to 10,000
 * clients held ~10,000 of them until the next GC, issue 17).
 */
export type Chunk = Uint8Array | string;

/**
 * `sseFrame` as chunks: one string for a small payload; for a large one the client's own header,
 * the payload's pieces (bytes) shared with every other client, and the frame end.
 */
export function frameChunks(clientId: string, event: string, data: string): Chunk[] {
  if (data.length < SHARED_FROM) return [sseFrame(clientId, event, data)];
  return [encoder.encode(`id:${clientId}\nevent:${event}\ndata:`), ...encodeData(data), FRAME_END];
}

/** A chunk's length in bytes (a string's UTF-8). */
const bytesOf = (chunk: Chunk) =>
  typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;

/**
 * A burst of events may find a reading client's socket momentarily full: it is dropped only once
 * more than the limit has waited this long behind a write, or at `HARD_LIMIT_FACTOR` × the limit.
 */
const STALL_MS = 1000;
const HARD_LIMIT_FACTOR = 8;

/** A client with nothing waiting. */
const NONE: Chunk[][] = [];

const sizeOf = (frame: Chunk[]) => frame.reduce((n, chunk) => n + bytesOf(chunk), 0);

/**
 * One client's stream: Bun's direct source (writes go straight to the socket, no stream queue or
 * promise per chunk) and the broker's sink in one object, its methods on the prototype (per-stream
 * closures cost ~300 bytes a client at 10,000, issue 17).
 *
 * Backpressure: a write the socket can't take whole returns a promise (Bun keeps the rest of that
 * one chunk); until it settles, frames wait as references to the shared payload pieces, no copy.
 * The frame being written doesn't count against `limit`; past `limit` bytes of frames behind it
 * for `STALL_MS` (or past the hard cap at once) the client is dropped (the stream errors, the SDK
 * reconnects) instead of growing without bound while others wait.
 */
class SseStream implements ClientSink {
  readonly type = 'direct';
  private controller: ReadableStreamDirectController | null = null;
  private closed = false;
  /** Frames not yet handed to the socket (before the stream starts, or while it drains). */
  private frames: Chunk[][] = NONE;
  /** The next chunk of `frames[0]`, which may be partly written. */
  private at = 0;
  /** Bytes of the frames behind the first. */
  private queued = 0;
  private draining = false;
  /** When the pending write was made (Date.now()). */
  private drainingSince = 0;
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
    else this.pump();
  }

  /** The client went away. */
  cancel(): void {
    this.closed = true;
    this.frames = NONE;
    if (this.client) this.broker.disconnect(this.client);
  }

  send(event: string, data: string): boolean {
    if (this.closed) return false;
    noteFrame();
    const controller = this.controller;
    if (
      controller !== null &&
      this.frames.length === 0 &&
      !this.draining &&
      data.length < SHARED_FROM
    ) {
      // Nothing waiting and no write pending (the queue empties before its last write drains) and
      // a small frame: straight to the socket, with no queue of one frame of one chunk built
      // around it per client per event.
      const frame = sseFrame(this.id, event, data);
      const written = controller.write(frame);
      if (typeof written !== 'number') {
        this.frames = [[frame]];
        this.at = 1;
        this.waitForDrain(written);
      } else if (written === 0 && frame.length > 0) {
        this.cancel();
        return false;
      }
      controller.flush();
      return true;
    }
    const frame = frameChunks(this.id, event, data);
    if (this.frames.length > 0) {
      // Checked before queueing, so a client holds at most the frame being written, the limit
      // (or, for STALL_MS, the hard cap), and one frame more.
      if (this.queued > this.limit && this.isStalled()) {
        this.drop();
        return false;
      }
      this.frames.push(frame);
      this.queued += sizeOf(frame);
      return true;
    }
    this.frames = [frame];
    this.at = 0;
    if (this.controller !== null) this.pump();
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.frames = NONE;
    try {
      this.controller?.close();
    } catch {
      // Already closed by the client.
    }
  }

  /** Hands the waiting frames to the socket until it pushes back or they are all written. */
  private pump(): void {
    const controller = this.controller!;
    const frames = this.frames;
    while (frames.length > 0 && !this.draining) {
      const frame = frames[0]!;
      while (this.at < frame.length) {
        const chunk = frame[this.at++]!;
        const written = controller.write(chunk);
        if (typeof written !== 'number') {
          this.waitForDrain(written);
          break;
        }
        if (written === 0 && chunk.length > 0) {
          // The destination has gone away; Bun cancels the stream too (idempotent).
          this.cancel();
          return;
        }
      }
      if (this.at < frame.length) break;
      frames.shift();
      this.at = 0;
      if (frames.length > 0) this.queued -= sizeOf(frames[0]!);
    }
    if (frames.length === 0) this.frames = NONE;
    controller.flush();
  }

  /** Over the limit: a socket that took nothing for STALL_MS, or far too much waiting. */
  private isStalled(): boolean {
    if (this.queued > this.limit * HARD_LIMIT_FACTOR) return true;
    return !this.draining || Date.now() - this.drainingSince >= STALL_MS;
  }

  /** A write was accepted, but the socket is full: what follows waits for it to drain. */
  private waitForDrain(written: Promise<number>): void {
    this.draining = true;
    this.drainingSince = Date.now();
    written.then(
      () => this.drained(),
      () => this.cancel(),
    );
  }

  private drained(): void {
    this.draining = false;
    if (!this.closed) this.pump();
  }

  private drop(): void {
    this.closed = true;
    this.frames = NONE;
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
