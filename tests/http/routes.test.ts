// The route table: Go ServeMux patterns, precedence, HEAD, sources added and removed; the built-in table's derived facts.
import { describe, expect, test } from 'bun:test';
import { batchRoutes } from '../../src/http/batch.ts';
import { collectionsRoutes } from '../../src/http/collections.ts';
import { cronsRoutes } from '../../src/http/crons.ts';
import { dashboardRoutes } from '../../src/http/dashboard.ts';
import { filesRoutes } from '../../src/http/files.ts';
import { health } from '../../src/http/health.ts';
import { oauth2RedirectRoutes } from '../../src/http/oauth2-redirect.ts';
import { realtimeRoutes } from '../../src/http/realtime.ts';
import { recordsRoutes } from '../../src/http/records.ts';
import { recordsAuthRoutes } from '../../src/http/records-auth.ts';
import { createRequestHooks } from '../../src/http/request-hooks.ts';
import type { RequestState } from '../../src/http/request-state.ts';
import { type RouteInit, RouteTable } from '../../src/http/routes.ts';
import { settingsRoutes } from '../../src/http/settings.ts';
import { sqlRoutes } from '../../src/http/sql.ts';

const ok = () => new Response('ok');
const r = (method: string, pattern: string, name = `${method} ${pattern}`): RouteInit => ({
  method,
  pattern,
  group: 'test',
  name,
  handler: ok,
});

/** `method path` → the matched route's name and params, or null. */
function lookup(table: RouteTable, method: string, path: string) {
  const m = table.match(method, path);
  return m && { name: m.route.name, params: m.params };
}

describe('matching', () => {
  const table = new RouteTable();
  table.add([
    r('GET', '/api/health'),
    r('HEAD', '/api/health'),
    r('GET', '/api/collections/{collection}/records', 'list'),
    r('GET', '/api/collections/{collection}/records/{id}', 'view'),
    r('PATCH', '/api/collections/{collection}/records/{id}', 'update'),
    r('GET', '/api/collections/meta/scaffolds', 'scaffolds'),
    r('GET', '/api/collections/{collection}', 'collection'),
    r('GET', '/_/{path...}', 'dashboard'),
    r('GET', '/_', 'dashboard root'),
    r('GET', '/static/', 'subtree'),
    r('GET', '/exact/{$}', 'exact slash'),
    r('', '/any', 'any method'),
  ]);

  const cases: [string, string, string, ReturnType<typeof lookup>][] = [
    ['static', 'GET', '/api/health', { name: 'GET /api/health', params: {} }],
    ['explicit HEAD wins', 'HEAD', '/api/health', { name: 'HEAD /api/health', params: {} }],
    ['HEAD falls back to GET', 'HEAD', '/_', { name: 'dashboard root', params: {} }],
    ['wrong method', 'POST', '/api/health', null],
    ['trailing slash is another path', 'GET', '/api/health/', null],
    ['case matters', 'GET', '/API/health', null],
    ['empty segment', 'GET', '//api/health', null],
    [
      'params',
      'GET',
      '/api/collections/posts/records/abc',
      { name: 'view', params: { collection: 'posts', id: 'abc' } },
    ],
    [
      'params are decoded',
      'GET',
      '/api/collections/p%20s/records/a%2Fb',
      { name: 'view', params: { collection: 'p s', id: 'a/b' } },
    ],
    [
      'a malformed escape stays as sent',
      'GET',
      '/api/collections/%ZZ/records',
      { name: 'list', params: { collection: '%ZZ' } },
    ],
    ['a wildcard never takes an empty segment', 'GET', '/api/collections/posts/records/', null],
    ['too many segments', 'GET', '/api/collections/posts/records/a/b', null],
    [
      'static beats wildcard',
      'GET',
      '/api/collections/meta/scaffolds',
      { name: 'scaffolds', params: {} },
    ],
    [
      'backtracks to the wildcard when the static branch has no match',
      'GET',
      '/api/collections/meta',
      { name: 'collection', params: { collection: 'meta' } },
    ],
    [
      'method decides among routes of one path',
      'PATCH',
      '/api/collections/x/records/y',
      { name: 'update', params: { collection: 'x', id: 'y' } },
    ],
    [
      '{path...} takes the rest',
      'GET',
      '/_/a/b%20c.js',
      { name: 'dashboard', params: { path: 'a/b c.js' } },
    ],
    ['{path...} may be empty', 'GET', '/_/', { name: 'dashboard', params: { path: '' } }],
    [
      'a trailing slash pattern takes the subtree',
      'GET',
      '/static/x/y',
      { name: 'subtree', params: { '': 'x/y' } },
    ],
    ['{$} takes only the slash', 'GET', '/exact/', { name: 'exact slash', params: {} }],
    ['{$} no deeper', 'GET', '/exact/x', null],
    ['any method', 'DELETE', '/any', { name: 'any method', params: {} }],
  ];
  test.each(cases)('%s: %s %s', (_, method, path, want) => {
    expect(lookup(table, method, path)).toEqual(want);
  });

  test('bad patterns are refused when added, and nothing of that call is added', () => {
    const t = new RouteTable();
    expect(() => t.add([r('GET', 'no-slash')])).toThrow();
    expect(() => t.add([r('GET', '/ok'), r('GET', '/a/x{y}')])).toThrow();
    expect(t.routes()).toEqual([]);
  });
});

describe('sources', () => {
  test('a source adds routes and middlewares, and removing it takes exactly those away', () => {
    const table = new RouteTable();
    table.add([r('GET', '/api/health', 'core health')]);
    table.add(
      [r('GET', '/hello/{name}', 'hook hello'), r('GET', '/api/health', 'hook health')],
      'hooks',
    );
    const mw = async () => ok();
    table.use(mw, 'hooks');
    // The later route of the same method and pattern replaces the earlier one, as routerAdd does.
    expect(lookup(table, 'GET', '/api/health')?.name).toBe('hook health');
    expect(lookup(table, 'GET', '/hello/bob')?.params).toEqual({ name: 'bob' });
    expect(table.middlewares).toEqual([mw]);
    table.remove('hooks');
    expect(lookup(table, 'GET', '/api/health')?.name).toBe('core health');
    expect(lookup(table, 'GET', '/hello/bob')).toBeNull();
    expect(table.middlewares).toEqual([]);
    expect(table.routes().map((x) => x.source)).toEqual(['core']);
  });
});

describe('the built-in table', () => {
  const table = new RouteTable();
  const ctx = {} as RequestState; // building and matching never run a handler
  const hooks = createRequestHooks();
  table.add([
    ...health(ctx),
    ...collectionsRoutes(ctx, hooks),
    ...recordsAuthRoutes(ctx, hooks),
    ...recordsRoutes(ctx, hooks),
    ...settingsRoutes(ctx, hooks),
    ...cronsRoutes(ctx),
    ...sqlRoutes(ctx),
    ...batchRoutes(ctx, table, hooks),
    ...filesRoutes(ctx, hooks),
    ...realtimeRoutes(ctx, hooks),
    ...oauth2RedirectRoutes(ctx),
    ...dashboardRoutes(ctx),
  ]);
  const routes = table.routes();

  test('every route has a group and a unique method + pattern', () => {
    const keys = routes.map((x) => `${x.method} ${x.pattern}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const x of routes) expect(x.group).toMatch(/^[a-z0-9-]+$/);
  });

  test('only batch and record writes cap their own bodies', () => {
    const own = routes.filter((x) => x.bodyLimit === 'route').map((x) => x.name);
    expect(own.sort()).toEqual(['POST /api/batch', 'records.create', 'records.update']);
  });

  test('batch runs record create, update and delete only', () => {
    const batch = routes.filter((x) => x.batch).map((x) => `${x.batch} ${x.method} ${x.pattern}`);
    expect(batch.sort()).toEqual([
      'create POST /api/collections/{collection}/records',
      'delete DELETE /api/collections/{collection}/records/{id}',
      'update PATCH /api/collections/{collection}/records/{id}',
    ]);
  });

  test('rate-limit tags as PocketBase names them', () => {
    const tags = (method: string, path: string) => table.match(method, path)?.route.rateLimit;
    expect(tags('GET', '/api/collections/p/records/a')).toEqual({
      tags: ['view'],
      bucket: 'records one',
    });
    expect(tags('POST', '/api/collections/p/records')).toEqual({
      tags: ['create'],
      bucket: 'records list',
    });
    expect(tags('POST', '/api/collections/u/auth-with-password')?.tags).toEqual([
      'authWithPassword',
      'auth',
    ]);
    expect(tags('GET', '/api/files/p/a/f.png')).toEqual({ tags: ['file'], bucket: 'file' });
    expect(tags('POST', '/api/collections/u/impersonate/x')).toBeUndefined();
    expect(tags('GET', '/api/health')).toBeUndefined();
  });

  test('only file downloads may be framed', () => {
    expect(routes.filter((x) => x.embeddable).map((x) => x.pattern)).toEqual([
      '/api/files/{collection}/{record}/{filename}',
    ]);
  });
});
