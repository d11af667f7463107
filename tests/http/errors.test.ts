// The envelope, CORS, security headers and body limits every route shares.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { envelope } from '../../src/http/errors.ts';
import { scenarios } from '../support/scenario.ts';
import { startServer, type TestServer } from '../support/server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ noSuperuser: true, bodyLimit: 1024 });
});
afterAll(() => server.stop());

describe('envelope', () => {
  scenarios(
    () => server,
    [
      {
        name: 'health answers',
        url: '/api/health',
        status: 200,
        contains: ['"message":"API is healthy."', '"code":200', '"data":{}'],
        notContains: ['canBackup'],
        hooks: [],
      },
      {
        name: 'unknown route is a 404 envelope',
        url: '/api/does-not-exist',
        status: 404,
        contains: ['"status":404', `"message":"The requested resource wasn't found."`, '"data":{}'],
      },
      {
        name: 'unknown route outside /api is a 404 envelope too',
        url: '/nothing/here',
        status: 404,
        contains: ['"status":404'],
      },
      {
        name: 'superuser-only route without auth is 401',
        url: '/api/settings',
        status: 401,
        contains: ['The request requires valid record authorization token.'],
      },
      {
        name: 'a forged token is treated as a guest, not an error',
        url: '/api/health',
        auth: 'eyJhbGciOiJub25lIn0.eyJpZCI6IngiLCJ0eXBlIjoiYXV0aCJ9.',
        status: 200,
        notContains: ['canBackup'],
      },
    ],
  );
});

// PocketBase writes its ApiError struct (`data`, `message`, `status`) and Go maps in key order.
describe('key order', () => {
  test("an answer with several field errors is byte for byte PocketBase 0.40.4's", async () => {
    const res = await server.fetch('/api/collections/users/confirm-password-reset', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const blank = '{"code":"validation_required","message":"Cannot be blank."}';
    expect(await res.text()).toBe(
      `{"data":{"password":${blank},"passwordConfirm":${blank},"token":${blank}},` +
        '"message":"An error occurred while validating the submitted data.","status":400}',
    );
  });

  test('nested data and params are sorted too; a field error keeps code, message, params', () => {
    const out = envelope(400, 'x', {
      name: { code: 'c', message: 'm', params: { min: 8, max: 255 } },
      fields: { '1': { b: { code: 'c', message: 'm' }, a: { code: 'c', message: 'm' } } },
    });
    expect(JSON.stringify(out)).toBe(
      '{"data":{"fields":{"1":{"a":{"code":"c","message":"M."},"b":{"code":"c","message":"M."}}},' +
        '"name":{"code":"c","message":"M.","params":{"max":255,"min":8}}},"message":"X.","status":400}',
    );
  });
});

describe('transport', () => {
  test.each([
    '/api/health/',
    '/api/collections/users/records/',
    '/api/collections/users/records/abc/',
  ])('paths are exact: %p is a 404', async (path) => {
    const res = await server.fetch(path);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { status: number }).status).toBe(404);
  });

  test('JSON answers are `application/json`, as PocketBase sends them', async () => {
    for (const path of ['/api/health', '/api/collections/users/records', '/api/nope']) {
      const res = await server.fetch(path);
      expect([path, res.headers.get('content-type')]).toEqual([path, 'application/json']);
      await res.arrayBuffer();
    }
  });

  test.each(['db', 'a', 'api', 'db:80'])('a short Host header (%p) still routes', async (host) => {
    const res = await server.fetch('/api/health', { headers: { host } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { code: number }).code).toBe(200);
  });

  test('security and CORS headers on every response', async () => {
    const res = await server.fetch('/api/health', { headers: { origin: 'http://example.com' } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('x-xss-protection')).toBe('1; mode=block');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const notFound = await server.fetch('/api/nope');
    expect(notFound.headers.get('access-control-allow-origin')).toBe('*');
  });

  test('preflight answers 204 echoing the requested headers', async () => {
    const res = await server.fetch('/api/collections', {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD,PUT,PATCH,POST,DELETE');
    expect(res.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
  });

  test('a body over the limit is refused with 413 in the envelope', async () => {
    // (record writes get their fields' allowances on top: see body-limits.test.ts)
    const res = await server.fetch('/api/collections', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(4096) }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      status: 413,
      message: 'Request entity too large.',
      data: {},
    });
  });

  test('file downloads drop X-Frame-Options; everything else keeps it', async () => {
    const file = await server.fetch('/api/files/nope/nope/nope.png');
    expect(file.headers.get('x-frame-options')).toBeNull();
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    const api = await server.fetch('/api/health');
    expect(api.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });

  test('HEAD /api/health answers 200', async () => {
    const res = await server.fetch('/api/health', { method: 'HEAD' });
    expect(res.status).toBe(200);
  });
});
