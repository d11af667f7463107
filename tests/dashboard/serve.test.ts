// Serving the built dashboard under /_/: redirect, SPA fallback, cache headers, no escape from dist, precompressed bytes.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { brotliDecompressSync } from 'node:zlib';
import { acceptedCodings, locate } from '../../src/http/dashboard.ts';
import type { TestServer } from '../support/server.ts';
import { startDashboardServer } from './browser.ts';

describe('dashboard route', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startDashboardServer();
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

describe('dashboard compression', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startDashboardServer();
  }, 60_000);
  afterAll(() => server?.stop());

  const get = (path: string, acceptEncoding: string) =>
    // decompress: false shows the bytes on the wire, as a browser receives them.
    server.fetch(path, {
      headers: { 'accept-encoding': acceptEncoding },
      decompress: false,
    } as RequestInit);

  test('acceptedCodings reads the header, best first, q=0 refused', () => {
    expect(acceptedCodings('gzip, deflate, br')).toEqual(['br', 'gzip']);
    expect(acceptedCodings('gzip;q=1.0, br;q=0')).toEqual(['gzip']);
    expect(acceptedCodings('identity')).toEqual([]);
    expect(acceptedCodings(null)).toEqual([]);
  });

  test('JS, CSS and index.html go out precompressed: brotli first, gzip next, plain last', async () => {
    const html = await (await server.fetch('/_/', { headers: { 'accept-encoding': '' } })).text();
    const js = /src="(\/_\/[^"]+\.js)"/.exec(html)![1]!;
    const plain = new Uint8Array(await (await get(js, 'identity')).arrayBuffer());

    const br = await get(js, 'gzip, deflate, br');
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(br.headers.get('content-type')).toContain('javascript');
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const brBytes = new Uint8Array(await br.arrayBuffer());
    expect(brBytes.length).toBeLessThan(plain.length / 3);
    expect(brotliDecompressSync(brBytes)).toEqual(Buffer.from(plain));

    const gz = await get(js, 'gzip');
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(Bun.gunzipSync(new Uint8Array(await gz.arrayBuffer()))).toEqual(plain);

    const none = await get(js, 'identity');
    expect(none.headers.get('content-encoding')).toBeNull();

    for (const path of ['/_/', '/_/collections/posts']) {
      const res = await get(path, 'br');
      expect(res.headers.get('content-encoding')).toBe('br');
      expect(res.headers.get('content-type')).toContain('text/html');
      expect(brotliDecompressSync(new Uint8Array(await res.arrayBuffer())).toString()).toContain(
        '<div id="app">',
      );
    }
  });

  // Caches must not hand brotli to a client that asked for none: the common `Vary: Origin` is added
  // beside the route's own Vary, not over it.
  test('compressed answers say Vary: Accept-Encoding (with Origin)', async () => {
    const res = await get('/_/', 'br');
    expect(res.headers.get('vary') ?? '').toContain('Accept-Encoding');
    expect(res.headers.get('vary') ?? '').toContain('Origin');
  });

  test('the whole first load is under 60 KB on the wire with brotli', async () => {
    const html = await (await server.fetch('/_/', { headers: { 'accept-encoding': '' } })).text();
    const assets = [...html.matchAll(/(?:src|href)="(\/_\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    let wire = 0;
    for (const path of ['/_/', ...assets])
      wire += (await (await get(path, 'br')).arrayBuffer()).byteLength;
    expect(wire).toBeLessThan(60 * 1024);
  });
});
