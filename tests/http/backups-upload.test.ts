// The streaming multipart reader behind `POST /api/backups/upload` (src/http/multipart-file.ts):
// every split of the body into chunks gives the same file; malformed bodies are a 400.
import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SatchelError } from '../../src/core/errors.ts';
import { saveFilePart } from '../../src/http/multipart-file.ts';
import { tempDir } from '../support/server.ts';

const B = 'XyZ-boundary';
const enc = new TextEncoder();

function part(headers: string, content: Uint8Array | string): Uint8Array {
  const body = typeof content === 'string' ? enc.encode(content) : content;
  return Buffer.concat([enc.encode(`--${B}\r\n${headers}\r\n\r\n`), body, enc.encode('\r\n')]);
}
const end = enc.encode(`--${B}--\r\n`);
const fileHeaders = (name = 'file', filename = 'a.zip') =>
  `Content-Disposition: form-data; name="${name}"; filename="${filename}"\r\nContent-Type: application/zip`;

function request(body: Uint8Array, chunk: number, type = `multipart/form-data; boundary=${B}`) {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < body.length; i += chunk) controller.enqueue(body.slice(i, i + chunk));
      controller.close();
    },
  });
  return new Request('http://x/api/backups/upload', {
    method: 'POST',
    headers: { 'content-type': type },
    body: stream,
  });
}

async function save(body: Uint8Array, chunk: number, type?: string) {
  const dest = join(tempDir(), 'out.bin');
  const saved = await saveFilePart(request(body, chunk, type), 'file', dest);
  return { saved, bytes: saved ? new Uint8Array(readFileSync(dest)) : null };
}

// Content with near-delimiters in it: CRLF, `--`, a boundary prefix, the boundary without CRLF.
const tricky = Buffer.concat([
  enc.encode(`PK\r\n--XyZ-bound\r\n--${B.slice(0, -1)}x --${B}\r`),
  crypto.getRandomValues(new Uint8Array(300)),
]);

describe('saveFilePart', () => {
  const body = Buffer.concat([
    enc.encode('preamble to ignore\r\n'),
    part('Content-Disposition: form-data; name="note"', 'not the file'),
    part(fileHeaders('other', 'b.zip'), 'another file field'),
    part(fileHeaders(), tricky),
    part(fileHeaders('file', 'second.zip'), 'a second file part is ignored'),
    end,
  ]);

  test('every chunk size gives the same file', async () => {
    for (const chunk of [1, 2, 3, 7, 13, 64, 1000, body.length]) {
      const { saved, bytes } = await save(body, chunk);
      expect({ chunk, saved }).toEqual({
        chunk,
        saved: { filename: 'a.zip', size: tricky.length },
      });
      expect(Buffer.compare(bytes!, tricky)).toBe(0);
    }
  });

  test('a quoted boundary and a file name with an escaped quote', async () => {
    const b = Buffer.concat([part(fileHeaders('file', 'we\\"ird.zip'), 'x'), end]);
    const { saved } = await save(b, 5, `multipart/form-data; boundary="${B}"`);
    expect(saved).toEqual({ filename: 'we"ird.zip', size: 1 });
  });

  test('no file part, or not multipart at all, is null', async () => {
    const noFile = Buffer.concat([
      part('Content-Disposition: form-data; name="file"', 'text'),
      end,
    ]);
    expect((await save(noFile, 4)).saved).toBeNull();
    expect((await save(enc.encode('{"file":1}'), 4, 'application/json')).saved).toBeNull();
  });

  test('a body cut short or garbled after a delimiter is a 400', async () => {
    const full = Buffer.concat([part(fileHeaders(), 'content'), end]);
    for (const bad of [
      full.subarray(0, full.length - end.length - 4),
      Buffer.concat([enc.encode(`--${B}XX`), full]),
      Buffer.concat([enc.encode(`--${B}\r\n`), Buffer.alloc(20_000, 0x61)]),
    ]) {
      const err = await save(bad, 16).then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(SatchelError);
      expect((err as SatchelError).status).toBe(400);
    }
  });
});
