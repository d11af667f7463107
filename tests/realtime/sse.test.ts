// SSE framing: a large payload is encoded once, cut in pieces once, and its bytes shared by every client's frame.
import { describe, expect, test } from 'bun:test';
import {
  type Chunk,
  encodeData,
  frameChunks,
  PIECE_BYTES,
  sseFrame,
} from '../../src/realtime/sse.ts';

const decoder = new TextDecoder();
/** Pieces may cut a character in two: the bytes are joined before decoding. */
const text = (chunks: Chunk[]) =>
  decoder.decode(Buffer.concat(chunks.map((c) => (typeof c === 'string' ? Buffer.from(c) : c))));
const bytes = (chunk: Chunk | undefined) => chunk as Uint8Array;

describe('frameChunks', () => {
  const cases: [string, string][] = [
    ['small payload', '{"record":{"id":"a"},"action":"create"}'],
    ['empty object', '{}'],
    ['non-ASCII', '{"record":{"title":"żółw 🐢"},"action":"update"}'],
    ['large payload', `{"record":{"body":"${'x'.repeat(1 << 20)}"},"action":"create"}`],
    ['large non-ASCII', `{"record":{"body":"${'é🐢'.repeat(40_000)}"},"action":"create"}`],
  ];
  for (const [name, data] of cases) {
    test(`${name}: the chunks spell sseFrame`, () => {
      expect(text(frameChunks('client1', 'posts/*', data))).toBe(
        sseFrame('client1', 'posts/*', data),
      );
    });
  }

  test('a large payload: one chunk per client is its own, the payload bytes are the same object', () => {
    const data = JSON.stringify({ record: { body: 'y'.repeat(100_000) }, action: 'create' });
    const a = frameChunks('clientA', 'posts', data);
    const b = frameChunks('clientB', 'posts', data);
    // Header, two pieces of at most PIECE_BYTES, frame end.
    expect(a).toHaveLength(4);
    expect(bytes(a[1]).byteLength).toBe(PIECE_BYTES);
    expect(a[1]).toBe(b[1]!);
    expect(a[2]).toBe(b[2]!);
    expect(decoder.decode(bytes(a[0]))).toBe('id:clientA\nevent:posts\ndata:');
    expect(decoder.decode(bytes(b[0]))).toBe('id:clientB\nevent:posts\ndata:');
  });

  test('a small payload is one chunk, the frame as a string (no buffer per client)', () => {
    expect(frameChunks('c', 'posts', '{"a":1}')).toEqual([sseFrame('c', 'posts', '{"a":1}')]);
  });

  test('a new payload is encoded afresh, an equal copy reuses the bytes', () => {
    const first = encodeData(`{"n":"${'1'.repeat(20_000)}"}`);
    const second = encodeData(`{"n":"${'2'.repeat(20_000)}"}`);
    expect(second).not.toBe(first);
    expect(text(second)).toContain('2222');
    expect(encodeData(`{"n":"${'2'.repeat(20_000)}"}`)).toBe(second);
  });
});
