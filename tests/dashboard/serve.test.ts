// Serving the built dashboard under /_/: redirect, SPA fallback, cache headers, no escape from dist.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { locate } from '../../src/http/dashboard.ts';
import { startServer, type TestServer } from '../support/server.ts';
import { ensureDashboardBuilt } from './browser.ts';

describe('dashboard route', () => {
  let server: TestServer;
  beforeAll(async () => {
    await ensureDashboardBuilt();
    server = await startServer();
  }, 60_000);
  afterAll(() => server?.stop());

  test('/_ redirects to /_/ once (no loop)', async () => {
    const res = await server.fetch('/_', { redirect: 'manual' });
    expect(res.status).toBe(301);
    expect(res.headers.get('location')).toBe('/_/');
    const followed = await server.fetch('/_');
    expect(followed.status).toBe(200);
    expect(await followed.text()).toContain('<div id="app">');
  });

  test('index.html is never cached; hashed assets are immutable', async () => {
    const res = await server.fetch('/_/');
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    const html = await res.text();
    const js = /src="(\/_\/[^"]+\.js)"/.exec(html)?.[1];
    const css = /href="(\/_\/[^"]+\.css)"/.exec(html)?.[1];
    expect(js).toBeDefined();
    expect(css).toBeDefined();
    for (const [path, type] of [
      [js!, 'javascript'],
      [css!, 'text/css'],
    ] as const) {
      const asset = await server.fetch(path);
      expect(asset.status).toBe(200);
      expect(asset.headers.get('content-type')).toContain(type);
      expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });

  test('deep links get the app; a missing hashed asset is a 404', async () => {
    const deep = await server.fetch('/_/collections/posts');
    expect(deep.status).toBe(200);
    expect(await deep.text()).toContain('<div id="app">');
    expect((await server.fetch('/_/index-zzzzzzzz.js')).status).toBe(404);
  });

  test('paths cannot leave dist/dashboard', async () => {
    for (const path of [
      '/_/..%2fpackage.json',
      '/_/%2e%2e/%2e%2e/package.json',
      '/_/..%2f..%2fpackage.json',
    ]) {
      const text = await (await server.fetch(path)).text();
      expect(text).not.toContain('"name": "satchel"');
    }
    // Elysia passes the wildcard undecoded; the resolver refuses `..` on its own as well.
    expect(locate('/../../package.json')).toBeNull();
    expect(locate('/../dashboard-evil/x.js')).toBeNull();
    expect(locate('/index.html')).toEndWith('/dist/dashboard/index.html');
  });
});
