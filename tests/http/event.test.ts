// The request event: one per request, passed through middlewares and handlers; routes added at run time and removed again.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { RequestEvent } from '../../src/http/event.ts';
import type { RequestState } from '../../src/http/request-state.ts';
import { startServer, type TestServer } from '../support/server.ts';

/** An event outside any server: enough for what doesn't reach the core. */
function eventFor(url: string, init?: RequestInit, context?: string) {
  const app = { json: (data: unknown, status = 200) => Response.json(data, { status }) };
  return new RequestEvent(app as RequestState, new Request(url, init), new URL(url).pathname, {
    context,
  });
}

describe('RequestEvent alone', () => {
  test('requestInfo: method, first value of each query key, headers, context', () => {
    const e = eventFor(
      'http://x/a?b=1&b=2&c=3',
      { method: 'POST', headers: { 'x-y': 'z' } },
      'batch',
    );
    const info = e.requestInfo();
    expect(info).toMatchObject({ method: 'POST', query: { b: '1', c: '3' }, context: 'batch' });
    expect(info.headers?.['x-y']).toBe('z');
    expect(e.requestInfo()).toBe(info);
    expect(eventFor('http://x/').requestInfo().context).toBe('default');
  });

  test('queryValue: the first value of a key, null without one; a params object changed is read', () => {
    expect(eventFor('http://x/a?b=1&b=2').queryValue('b')).toBe('1');
    expect(eventFor('http://x/a?b=1').queryValue('c')).toBeNull();
    expect(eventFor('http://x/a').queryValue('b')).toBeNull();
    const e = eventFor('http://x/a');
    e.query.set('b', 'set by a hook');
    expect(e.queryValue('b')).toBe('set by a hook');
  });

  test('auth: null for guests; read before resolveAuth() with a token, it throws', () => {
    expect(eventFor('http://x/').auth).toBeNull();
    const e = eventFor('http://x/', { headers: { authorization: 'token' } });
    expect(() => e.auth).toThrow('resolveAuth');
  });

  test('get/set carry values between middlewares; next() runs them in order, then the handler', async () => {
    const e = eventFor('http://x/');
    const seen: string[] = [];
    const res = await e.run(
      [
        async (ev) => {
          seen.push('a');
          ev.set('user', 'bob');
          const r = await ev.next();
          seen.push('a after');
          return r;
        },
        (ev) => {
          seen.push(`b ${ev.get('user')}`);
          return ev.next();
        },
      ],
      (ev) => ev.string(201, `handler ${ev.get('user')}`),
    );
    expect(seen).toEqual(['a', 'b bob', 'a after']);
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('handler bob');
    expect(e.get('missing')).toBeUndefined();
  });

  test('a middleware that answers stops the chain', async () => {
    const e = eventFor('http://x/');
    let ran = false;
    const res = await e.run([(ev) => ev.noContent()], () => {
      ran = true;
      return new Response('no');
    });
    expect([res.status, ran]).toEqual([204, false]);
  });

  test('responses as PocketBase names them', async () => {
    const e = eventFor('http://x/');
    const cases: [Response, number, string | null][] = [
      [e.json(200, { a: 1 }), 200, 'application/json'],
      [e.string(200, 'hi'), 200, 'text/plain; charset=utf-8'],
      [e.html(200, '<b>'), 200, 'text/html; charset=utf-8'],
      [e.blob(200, 'image/png', new Uint8Array([1])), 200, 'image/png'],
      [e.stream(200, 'text/event-stream', new Response('x').body!), 200, 'text/event-stream'],
      [e.redirect(307, '/x'), 307, null],
      [e.noContent(), 204, null],
    ];
    for (const [res, status, type] of cases) {
      expect(res.status).toBe(status);
      if (type) expect(res.headers.get('content-type')?.startsWith(type)).toBe(true);
    }
    expect(e.redirect(307, '/x').headers.get('location')).toBe('/x');
  });
});

describe('through the server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  test('a route and middleware added at run time see one event; removing the source takes them away', async () => {
    const events = new Set<RequestEvent>();
    server.app.http.routes.use(async (e) => {
      events.add(e);
      e.set('via', 'middleware');
      const res = await e.next();
      res.headers.set('x-test', 'yes');
      return res;
    }, 'test');
    server.app.http.routes.add(
      [
        {
          method: 'GET',
          pattern: '/test/echo/{name}',
          group: 'test',
          handler: async (e) => {
            events.add(e);
            return e.json(200, {
              name: e.params.name,
              via: e.get('via'),
              q: e.query.get('q'),
              auth: (await e.resolveAuth())?.record.id ?? null,
              ip: e.realIP(),
              route: e.route?.name,
            });
          },
        },
      ],
      'test',
    );
    const res = await server.fetch('/test/echo/a%20b?q=1&q=2');
    expect(res.status).toBe(200);
    expect(res.headers.get('x-test')).toBe('yes');
    // The common headers are still added on the way out.
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(await res.json()).toEqual({
      name: 'a b',
      via: 'middleware',
      q: '1',
      auth: null,
      ip: '127.0.0.1',
      route: 'GET /test/echo/{name}',
    });
    expect(events.size).toBe(1);

    server.app.http.routes.remove('test');
    const gone = await server.fetch('/test/echo/x');
    expect(gone.status).toBe(404);
    expect(gone.headers.get('x-test')).toBeNull();
    expect(events.size).toBe(1);
  });

  test('the caller resolves once per request and is then readable as e.auth', async () => {
    const su = await server.superuserClient();
    let seen: unknown;
    server.app.http.routes.add(
      [
        {
          method: 'GET',
          pattern: '/test/me',
          group: 'test',
          handler: async (e) => {
            const first = await e.resolveAuth();
            seen = first === (await e.resolveAuth()) && e.auth === first;
            return e.json(200, { superuser: e.auth?.isSuperuser });
          },
        },
      ],
      'test-auth',
    );
    const res = await server.fetch('/test/me', { headers: { authorization: su.authStore.token } });
    expect(await res.json()).toEqual({ superuser: true });
    expect(seen).toBe(true);
    server.app.http.routes.remove('test-auth');
  });

  test('a malformed escape in a path parameter is a 400, not a 500 (see url-escapes.test.ts)', async () => {
    const res = await server.fetch('/api/collections/%ZZ/records');
    expect(res.status).toBe(400);
  });

  test('only the first value of a repeated query key counts (http-api.md §1.1)', async () => {
    const res = await server.fetch('/api/collections/users/auth-methods?fields=mfa&fields=otp');
    expect(Object.keys((await res.json()) as object)).toEqual(['mfa']);
  });

  test('HEAD on a GET route: its status and headers, the length, no body', async () => {
    const get = await server.fetch('/api/collections/users/auth-methods');
    const head = await server.fetch('/api/collections/users/auth-methods', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('application/json');
    expect(head.headers.get('content-length')).toBe(String((await get.text()).length));
    expect(await head.text()).toBe('');
  });
});
