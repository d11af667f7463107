// The common headers on JSON answers: built in for `*` origins, replaced by the request's own CORS
// answer when only some origins are allowed (http-api.md §1.2).
import { describe, expect, test } from 'bun:test';
import { jsonResponse, ResponseHeaders } from '../../src/http/response-headers.ts';

const request = (origin?: string) =>
  new Request('http://127.0.0.1/api/x', { headers: origin ? { origin } : {} });

function answer(origins: string[], origin?: string, build = jsonResponse): Response {
  const common = new ResponseHeaders(origins);
  const req = request(origin);
  return common.apply(build({ a: 1 }), common.forRequest(req));
}

describe('JSON answers', () => {
  test('with `*` origins: every common header and the bare JSON type', async () => {
    const res = answer(['*'], 'http://a.example');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('vary')).toBe('Origin');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-xss-protection')).toBe('1; mode=block');
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({ a: 1 });
  });

  test('an allowed origin is echoed, once', () => {
    const res = answer(['http://a.example', 'http://b.example'], 'http://b.example');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://b.example');
    expect(res.headers.get('vary')).toBe('Origin');
  });

  test('another origin, or none, gets no allow-origin at all', () => {
    for (const origin of ['http://evil.example', undefined]) {
      const res = answer(['http://a.example'], origin);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(res.headers.get('vary')).toBe('Origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  test("a route's own Vary and allow-origin are kept beside the common ones", () => {
    const own = () =>
      new Response('x', {
        headers: { vary: 'Accept-Encoding', 'access-control-allow-origin': 'http://c.example' },
      });
    const res = answer(['http://a.example'], 'http://evil.example', own);
    expect(res.headers.get('vary')).toBe('Accept-Encoding, Origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('http://c.example');
  });

  test('the shared prepared headers are copied, never changed by one answer', () => {
    const first = answer(['http://a.example'], 'http://evil.example');
    expect(first.headers.get('access-control-allow-origin')).toBeNull();
    expect(jsonResponse({}).headers.get('access-control-allow-origin')).toBe('*');
  });
});
