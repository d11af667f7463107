// readBody: JSON, multipart with @jsonPayload, urlencoded, empty bodies, size limit, bad input → 400/413.
import { describe, expect, test } from 'bun:test';
import { BadRequestError, TooLargeError } from '../../src/core/errors.ts';
import { readBody } from '../../src/http/body.ts';
import { formatFloat, inferFormValue } from '../../src/http/form-value.ts';
import { testWithFixture } from '../support/fixture.ts';

const URL = 'http://x/api/collections/a/records';

function req(body: BodyInit | null, contentType?: string): Request {
  const headers: Record<string, string> = {};
  if (contentType) headers['content-type'] = contentType;
  return new Request(URL, { method: 'POST', body, headers });
}

/** A body without content-length: the limit must be enforced while reading. */
function chunked(chunks: string[], contentType = 'application/json'): Request {
  const enc = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(ctrl) {
      for (const c of chunks) ctrl.enqueue(enc.encode(c));
      ctrl.close();
    },
  });
  return new Request(URL, {
    method: 'POST',
    body: stream,
    headers: { 'content-type': contentType },
    // @ts-expect-error: Bun/undici need duplex for stream bodies
    duplex: 'half',
  });
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

describe('readBody', () => {
  test('JSON object', async () => {
    expect(await readBody(req('{"a":1,"b":[1,"x"]}', 'application/json'), 1000)).toEqual({
      a: 1,
      b: [1, 'x'],
    });
  });

  test('JSON with charset parameter', async () => {
    expect(await readBody(req('{"a":"é"}', 'application/json; charset=utf-8'), 1000)).toEqual({
      a: 'é',
    });
  });

  test('JSON bytes decode as TextDecoder does: a leading BOM dropped, invalid UTF-8 replaced', async () => {
    const json = (bytes: number[]) => new Uint8Array(bytes);
    const quoted = (inner: number[]) => [0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, ...inner, 0x22, 0x7d]; // {"a":"…"}
    expect(
      await readBody(req(json([0xef, 0xbb, 0xbf, ...quoted([0x78])]), 'application/json'), 99),
    ).toEqual({ a: 'x' });
    // Only the first BOM goes; one inside the text stays.
    expect(await readBody(req(json(quoted([0xef, 0xbb, 0xbf])), 'application/json'), 99)).toEqual({
      a: '\uFEFF',
    });
    for (const inner of [
      [0xc3],
      [0xe2, 0x82],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xc3, 0xa9, 0xff],
    ]) {
      const expected = JSON.parse(new TextDecoder().decode(json(quoted(inner))));
      expect(await readBody(req(json(quoted(inner)), 'application/json'), 99)).toEqual(expected);
    }
    // A BOM alone is an empty body.
    expect(await readBody(req(json([0xef, 0xbb, 0xbf]), 'application/json'), 99)).toEqual({});
  });

  test.each([
    ['no body, no type', null, undefined],
    ['empty json', '', 'application/json'],
    ['whitespace json', '  \n ', 'application/json'],
    ['empty unknown type', '', 'text/csv'],
    ['empty multipart', '', 'multipart/form-data; boundary=x'],
    ['json null', 'null', 'application/json'],
  ])('%s → {}', async (_name, body, type) => {
    expect(await readBody(req(body, type), 1000)).toEqual({});
  });

  test.each([
    ['malformed JSON', '{"a":', 'application/json'],
    ['JSON array', '[1,2]', 'application/json'],
    ['JSON string', '"x"', 'application/json'],
    ['JSON number', '12', 'application/json'],
    ['unknown content type', 'a,b', 'text/csv'],
    ['no content type', '{"a":1}', undefined],
    ['xml', '<a>1</a>', 'application/xml'],
    ['bad multipart', 'garbage', 'multipart/form-data; boundary=zzz'],
  ])('%s → 400', async (_name, body, type) => {
    const err = await failure(readBody(req(body, type), 1000));
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).status).toBe(400);
    expect((err as BadRequestError).message).toBe('Failed to read the submitted data.');
  });

  test('over the limit by content-length → 413', async () => {
    const err = await failure(
      readBody(req(JSON.stringify({ a: 'x'.repeat(200) }), 'application/json'), 100),
    );
    expect(err).toBeInstanceOf(TooLargeError);
    expect((err as TooLargeError).status).toBe(413);
  });

  test('over the limit without content-length → 413 while streaming', async () => {
    const r = chunked(['{"a":"', 'x'.repeat(80), 'y'.repeat(80), '"}']);
    expect(r.headers.get('content-length')).toBeNull();
    expect(await failure(readBody(r, 100))).toBeInstanceOf(TooLargeError);
  });

  test('exactly at the limit is fine', async () => {
    const text = JSON.stringify({ a: 'x'.repeat(50) });
    expect(await readBody(chunked([text]), text.length)).toEqual({ a: 'x'.repeat(50) });
  });

  test('multipart: coercion, repeated keys, @jsonPayload merged over values, files kept', async () => {
    const fd = new FormData();
    fd.append('title', 'hello');
    fd.append('empty', '');
    fd.append('yes', 'true');
    fd.append('no', 'false');
    fd.append('n', '12.5');
    fd.append('neg', '-3');
    fd.append('zeros', '0001');
    fd.append('exp', '1e3');
    fd.append('zerozero', '0.0');
    fd.append('tags', 'a');
    fd.append('tags', 'b');
    fd.append('override', 'form');
    fd.append('@jsonPayload', JSON.stringify({ meta: { k: 1 }, override: 'first' }));
    fd.append('@jsonPayload', JSON.stringify({ override: 'second', list: [1, 2] }));
    fd.append('doc', new File(['hello'], 'a.txt', { type: 'text/plain' }));
    const body = await readBody(new Request(URL, { method: 'POST', body: fd }), 100_000);
    expect(body).toMatchObject({
      title: 'hello',
      empty: '',
      yes: true,
      no: false,
      n: 12.5,
      neg: -3,
      zeros: '0001',
      exp: '1e3',
      zerozero: '0.0',
      tags: ['a', 'b'],
      meta: { k: 1 },
      override: 'second',
      list: [1, 2],
    });
    expect(body['@jsonPayload']).toBeUndefined();
    expect(body.doc).toBeInstanceOf(File);
    expect(await (body.doc as File).text()).toBe('hello');
  });

  test('multipart: invalid @jsonPayload → 400', async () => {
    const fd = new FormData();
    fd.append('@jsonPayload', '{oops');
    const err = await failure(readBody(new Request(URL, { method: 'POST', body: fd }), 10_000));
    expect(err).toBeInstanceOf(BadRequestError);
  });

  test('urlencoded: same coercion and @jsonPayload', async () => {
    const p = new URLSearchParams();
    p.append('a', '5');
    p.append('b', 'x');
    p.append('b', 'y');
    p.append('@jsonPayload', '{"c":{"d":true}}');
    expect(await readBody(req(p.toString(), 'application/x-www-form-urlencoded'), 1000)).toEqual({
      a: 5,
      b: ['x', 'y'],
      c: { d: true },
    });
  });
});

describe('inferFormValue', () => {
  test.each([
    ['', ''],
    ['true', true],
    ['false', false],
    ['TRUE', 'TRUE'],
    ['0', 0],
    ['-0', -0],
    ['12', 12],
    ['-12.25', -12.25],
    ['0001', '0001'],
    ['1e3', '1e3'],
    ['0.0', '0.0'],
    ['1.50', '1.50'],
    ['+1', '+1'],
    ['.5', '.5'],
    [' 1', ' 1'],
    ['1 ', '1 '],
    ['0x10', '0x10'],
    ['Infinity', 'Infinity'],
    ['NaN', 'NaN'],
    ['100000000000000000000000', 1e23],
    ['0.0000001', 1e-7],
    ['abc', 'abc'],
  ])('%p → %p', (raw, expected) => {
    expect(inferFormValue(raw)).toBe(expected);
  });

  test.each([
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-2.5e-8, '-0.000000025'],
    [123.456, '123.456'],
  ])('formatFloat(%p) = %p', (n, s) => {
    expect(formatFloat(n)).toBe(s);
  });
});

describe('through the server', () => {
  testWithFixture('oversize bodies → 413 envelope, with or without content-length', async () => {
    const { copyFixture, startServer } = await import('../support/server.ts');
    const server = await startServer({ dir: copyFixture(), bodyLimit: 200 });
    try {
      const big = JSON.stringify({ title: 'x'.repeat(500) });
      const withLength = await server.fetch('/api/collections/demo2/records', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: big,
      });
      expect(withLength.status).toBe(413);
      expect(await withLength.json()).toEqual({
        status: 413,
        message: 'Request entity too large.',
        data: {},
      });
      const stream = new ReadableStream<Uint8Array>({
        start(ctrl) {
          ctrl.enqueue(new TextEncoder().encode(big));
          ctrl.close();
        },
      });
      const streamed = await server.fetch('/api/collections/demo2/records', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: stream,
      });
      expect(streamed.status).toBe(413);
      const ok = await server.fetch('/api/collections/demo2/records', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"title":"small"}',
      });
      expect(ok.status).toBe(200);
    } finally {
      await server.stop();
    }
  });
});
