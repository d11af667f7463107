// Settings rate limiter (http-api.md §14) and the trusted-proxy client IP, through the SDK and fetch.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import type { ClientResponseError } from 'pocketbase';
import { findRateLimitRule, rateLimitLabels } from '../../src/core/ratelimit/rules.ts';
import { collectionsRoutes } from '../../src/http/collections.ts';
import { filesRoutes } from '../../src/http/files.ts';
import { health } from '../../src/http/health.ts';
import { collectionAction as collectionActionOf } from '../../src/http/rate-limit.ts';
import { recordsRoutes } from '../../src/http/records.ts';
import { recordsAuthRoutes } from '../../src/http/records-auth.ts';
import { createRequestHooks } from '../../src/http/request-hooks.ts';
import type { RequestState } from '../../src/http/request-state.ts';
import { RouteTable } from '../../src/http/routes.ts';
import { startServer, type TestServer } from '../support/server.ts';

type Rule = { label: string; audience?: string; duration: number; maxRequests: number };

async function failure(p: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await p;
  } catch (err) {
    return err as ClientResponseError;
  }
  throw new Error('expected a failure');
}

describe('rule lookup', () => {
  const rule = (label: string, audience = '') => ({ label, audience, duration: 1, maxRequests: 1 });

  test('labels: collection tags, wildcard tags, method+path, path', () => {
    expect(
      rateLimitLabels({
        method: 'POST',
        path: '/api/collections/users/auth-with-password',
        collection: 'users',
        tags: ['authWithPassword', 'auth'],
      }),
    ).toEqual([
      'users:authWithPassword',
      'users:auth',
      '*:authWithPassword',
      '*:auth',
      'POST /api/collections/users/auth-with-password',
      '/api/collections/users/auth-with-password',
    ]);
  });

  test('first label with an exact or prefix rule wins, within the audience', () => {
    const rules = [rule('/api/'), rule('*:auth'), rule('users:auth', '@auth'), rule('/api/batch')];
    const labels = ['users:auth', '*:auth', 'POST /api/x', '/api/x'];
    expect(findRateLimitRule(rules, labels, ['', '@guest'])?.label).toBe('*:auth');
    expect(findRateLimitRule(rules, labels, ['', '@auth'])?.label).toBe('users:auth');
    expect(findRateLimitRule(rules, ['POST /api/batch', '/api/batch'], [''])?.label).toBe(
      '/api/batch',
    );
    expect(findRateLimitRule(rules, ['GET /api', '/api'], [''])?.label).toBe('/api/');
    expect(findRateLimitRule(rules, ['GET /x', '/x'], [''])).toBeNull();
  });

  test('collection routes and their tags, from the route table', () => {
    const table = new RouteTable();
    const ctx = {} as RequestState; // matching never runs a handler
    const hooks = createRequestHooks();
    table.add([
      ...health(ctx),
      ...collectionsRoutes(ctx, hooks),
      ...recordsAuthRoutes(ctx, hooks),
      ...recordsRoutes(ctx, hooks),
      ...filesRoutes(ctx, hooks),
    ]);
    const collectionAction = (method: string, path: string) =>
      collectionActionOf(table.match(method, path));
    expect(collectionAction('GET', '/api/collections/posts/records')?.tags).toEqual(['list']);
    expect(collectionAction('POST', '/api/collections/posts/records')?.tags).toEqual(['create']);
    expect(collectionAction('PATCH', '/api/collections/p%20s/records/a')).toMatchObject({
      collection: 'p s',
      tags: ['update'],
    });
    expect(collectionAction('POST', '/api/collections/u/auth-with-otp')?.tags).toEqual([
      'authWithOTP',
      'auth',
    ]);
    expect(collectionAction('GET', '/api/files/posts/abc/a.png')?.tags).toEqual(['file']);
    expect(collectionAction('HEAD', '/api/files/posts/abc/a.png')?.tags).toEqual(['file']);
    expect(collectionAction('HEAD', '/api/collections/posts/records/a')?.tags).toEqual(['view']);
    expect(collectionAction('GET', '/api/collections/posts')).toBeNull();
    expect(collectionAction('GET', '/api/health')).toBeNull();
  });
});

describe('rate limiting', () => {
  let server: TestServer;
  let su: PocketBase;

  async function limit(rules: Rule[], extra: Record<string, unknown> = {}) {
    await su.settings.update({
      rateLimits: {
        enabled: rules.length > 0,
        excludedIPs: [],
        rules: rules.map((r) => ({ audience: '', ...r })),
        ...extra,
      },
      trustedProxy: { headers: ['X-Real-Ip'], useLeftmostIP: false },
    });
  }

  const list = (ip: string) =>
    server.fetch('/api/collections/posts/records', { headers: { 'x-real-ip': ip } });

  beforeAll(async () => {
    server = await startServer();
    su = await server.superuserClient();
    await su.collections.create({
      name: 'posts',
      type: 'base',
      listRule: '',
      viewRule: '',
      createRule: '',
      fields: [{ name: 'title', type: 'text' }],
    });
    await su.collection('users').create({
      email: 'u@example.com',
      password: 'secret-pass-1',
      passwordConfirm: 'secret-pass-1',
    });
  });
  afterAll(() => server.stop());

  test('disabled (the default): no limit', async () => {
    await limit([]);
    for (let i = 0; i < 5; i++) expect((await list('10.0.0.1')).status).toBe(200);
  });

  test('a collection rule is counted per client IP → 429 envelope', async () => {
    await limit([{ label: 'posts:list', duration: 60, maxRequests: 2 }]);
    expect((await list('10.0.1.1')).status).toBe(200);
    expect((await list('10.0.1.1')).status).toBe(200);
    const res = await list('10.0.1.1');
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ status: 429, message: 'Too Many Requests.', data: {} });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    // Another client (as the trusted proxy reports it) has its own window.
    expect((await list('10.0.1.2')).status).toBe(200);
    // Another collection-less route is not covered by that rule.
    expect(
      (await server.fetch('/api/health', { headers: { 'x-real-ip': '10.0.1.1' } })).status,
    ).toBe(200);
  });

  test('`*:auth` covers auth-with-password through the SDK, failures included', async () => {
    await limit([{ label: '*:auth', duration: 60, maxRequests: 2 }]);
    const pb = server.client();
    pb.beforeSend = (url, options) => {
      options.headers = { ...options.headers, 'x-real-ip': '10.0.2.1' };
      return { url, options };
    };
    const users = pb.collection('users');
    expect((await failure(users.authWithPassword('u@example.com', 'wrong-password'))).status).toBe(
      400,
    );
    await users.authWithPassword('u@example.com', 'secret-pass-1');
    const e = await failure(users.authWithPassword('u@example.com', 'secret-pass-1'));
    expect(e.status).toBe(429);
    expect(e.response).toEqual({ status: 429, message: 'Too Many Requests.', data: {} });
  });

  test('superusers and excluded IPs are exempt; audiences pick guests or auth', async () => {
    await limit([{ label: '/api/', duration: 60, maxRequests: 1 }], {
      excludedIPs: ['10.0.3.0/24'],
    });
    su.beforeSend = (url, options) => {
      options.headers = { ...options.headers, 'x-real-ip': '10.0.4.1' };
      return { url, options };
    };
    for (let i = 0; i < 3; i++) await su.collection('posts').getList();
    su.beforeSend = undefined;
    for (let i = 0; i < 3; i++) expect((await list('10.0.3.7')).status).toBe(200);
    expect((await list('10.0.4.2')).status).toBe(200);
    expect((await list('10.0.4.2')).status).toBe(429);

    await limit([{ label: '/api/', audience: '@auth', duration: 60, maxRequests: 1 }]);
    for (let i = 0; i < 3; i++) expect((await list('10.0.5.1')).status).toBe(200);
  });

  // PocketBase 0.40.4 with a `*:file` rule of 2: HEAD 200, HEAD 200, HEAD 429, GET 429; a
  // `GET /api/files/` rule does not see HEADs (HEAD ×3 then GET: all 200).
  test('HEAD requests to a file count toward its rule like GET', async () => {
    await su.collections.create({
      name: 'docs',
      type: 'base',
      viewRule: '',
      fields: [{ name: 'doc', type: 'file', maxSelect: 1 }],
    });
    const rec = await su.collection('docs').create({ doc: new File(['hello'], 'a.txt') });
    const file = (method: string, ip: string) =>
      server.fetch(`/api/files/docs/${rec.id}/${rec.doc}`, {
        method,
        headers: { 'x-real-ip': ip },
      });
    await limit([{ label: '*:file', duration: 60, maxRequests: 2 }]);
    const seq = [];
    for (const m of ['HEAD', 'HEAD', 'HEAD', 'GET']) seq.push((await file(m, '10.0.7.1')).status);
    expect(seq).toEqual([200, 200, 429, 429]);
    await limit([{ label: 'GET /api/files/', duration: 60, maxRequests: 2 }]);
    seq.length = 0;
    for (const m of ['HEAD', 'HEAD', 'HEAD', 'GET']) seq.push((await file(m, '10.0.7.2')).status);
    expect(seq).toEqual([200, 200, 200, 200]);
  });

  test('a rate-limited request leaves no trace (create is not run)', async () => {
    await limit([{ label: '*:create', duration: 60, maxRequests: 1 }]);
    const create = () =>
      server.fetch('/api/collections/posts/records', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-real-ip': '10.0.6.1' },
        body: JSON.stringify({ title: 'limited' }),
      });
    expect((await create()).status).toBe(200);
    expect((await create()).status).toBe(429);
    await limit([]);
    expect(
      (await su.collection('posts').getList(1, 1, { filter: 'title="limited"' })).totalItems,
    ).toBe(1);
  });
});

describe('trusted-proxy client IP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  // Observed through settings.superuserIPs: a superuser request is refused from any other IP.
  const asSuperuser = (token: string, headers: Record<string, string>) =>
    server.fetch('/api/settings', { headers: { authorization: token, ...headers } });

  test('rightmost parseable IP of the first configured header; leftmost on request; else socket', async () => {
    const su = await server.superuserClient();
    const token = su.authStore.token;
    await su.settings.update({
      trustedProxy: { headers: ['X-Missing', 'X-Forwarded-For'], useLeftmostIP: false },
      superuserIPs: ['10.9.9.9'],
    });
    const ok = async (xff: string | null) => {
      const res = await asSuperuser(token, xff === null ? {} : { 'x-forwarded-for': xff });
      return res.status;
    };
    expect(await ok('1.1.1.1, 10.9.9.9')).toBe(200);
    expect(await ok('1.1.1.1, 10.9.9.9, junk')).toBe(200);
    expect(await ok('10.9.9.9, 1.1.1.1')).toBe(403);
    expect(await ok('junk')).toBe(403); // falls back to the socket address (127.0.0.1)
    expect(await ok(null)).toBe(403);

    const patch = await server.fetch('/api/settings', {
      method: 'PATCH',
      headers: {
        authorization: token,
        'content-type': 'application/json',
        'x-forwarded-for': '10.9.9.9',
      },
      body: JSON.stringify({ trustedProxy: { useLeftmostIP: true } }),
    });
    expect(patch.status).toBe(200);
    expect(await ok('10.9.9.9, 1.1.1.1')).toBe(200);
    expect(await ok('1.1.1.1, 10.9.9.9')).toBe(403);
  });
});
