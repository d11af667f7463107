// Malformed percent-escapes in a URL are bad input: 400 or 404 in PocketBase's envelope, never a 500.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { decodeComponent } from '../../src/core/url-escapes.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
let token: string;
beforeAll(async () => {
  server = await startServer();
  token = (await server.superuserClient()).authStore.token;
});
afterAll(() => server.stop());

describe('decodeComponent', () => {
  test.each([
    ['posts', 'posts'],
    ['a%20b', 'a b'],
    ['%E2%9C%93', '✓'],
    ['%c0', null],
    ['%zz', null],
    ['%', null],
    ['%c0%ae%c0%ae', null],
  ])('%j → %j', (input, expected) => {
    expect(decodeComponent(input)).toBe(expected);
  });
});

// Each of these answered 500 before (a route received a null parameter).
const PATHS = [
  '/api/files/%c0%ae%c0%ae/./%c0%ae%c0%ae/./x.txt',
  '/api/files/%c0/x/y',
  '/api/files/users/x/%zz.txt',
  '/api/collections/%c0/records',
  '/api/collections/%c0/records/%c0',
  '/api/collections/users/records/%zz',
  '/api/collections/%c0/auth-methods',
  '/api/collections/%c0/auth-with-password',
  '/api/collections/%c0',
  '/api/collections/%c0/truncate',
  '/api/%c0',
  '/_/%c0',
];

describe('a malformed escape in the path', () => {
  for (const path of PATHS) {
    for (const method of ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE']) {
      test(`${method} ${path} → 400 envelope`, async () => {
        const res = await server.fetch(path, {
          method,
          headers: { authorization: token, 'content-type': 'application/json' },
          body: method === 'GET' || method === 'HEAD' ? undefined : '{}',
        });
        expect(res.status).toBe(400);
        if (method !== 'HEAD') {
          expect(await res.json()).toEqual({
            status: 400,
            message: 'Malformed percent-encoding in the URL path.',
            data: {},
          });
        }
      });
    }
  }

  test('a well-formed escape still routes (a collection named with %-escapes)', async () => {
    const res = await server.fetch('/api/collections/%75sers/records', {
      headers: { authorization: token },
    });
    expect(res.status).toBe(200);
  });

  test('a malformed escape in the query is read leniently, not a 500', async () => {
    const res = await server.fetch('/api/collections/users/records?%c0=1&sort=%zz', {
      headers: { authorization: token },
    });
    expect(res.status).toBeLessThan(500);
  });

  test('a batch request naming a malformed URL answers 4xx, not a 500', async () => {
    const res = await server.fetch('/api/batch', {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify({
        requests: [{ method: 'POST', url: '/api/collections/%c0/records', body: {} }],
      }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });
});
