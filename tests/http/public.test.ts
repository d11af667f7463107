// Public files at `/` (`--publicDir`): PocketBase 0.40.4's pb_public answers, below the API and dashboard.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, createApp } from '../../src/app.ts';
import { defaultPublicDir } from '../../src/cli/flags.ts';
import { tempDir } from '../support/server.ts';

const root = tempDir('satchel-public-');
const publicDir = join(root, 'sb_public');
let app: App;
let strict: App;
let absent: App;

beforeAll(async () => {
  mkdirSync(join(publicDir, 'sub'), { recursive: true });
  mkdirSync(join(publicDir, 'empty'));
  writeFileSync(join(publicDir, '.well-known'), 'dot');
  writeFileSync(join(publicDir, 'index.html'), '<h1>home</h1>');
  writeFileSync(join(publicDir, 'app.css'), 'body{}');
  writeFileSync(join(publicDir, 'app.js'), 'console.log(1)');
  writeFileSync(join(publicDir, 'data.json'), '{"a":1}');
  writeFileSync(join(publicDir, 'sub', 'index.html'), '<h1>sub</h1>');
  utimesSync(
    join(publicDir, 'app.css'),
    new Date('2026-01-02T03:04:05Z'),
    new Date('2026-01-02T03:04:05Z'),
  );
  app = await createApp({ dataDir: join(root, 'sb_data'), publicDir });
  strict = await createApp({ dataDir: join(root, 'strict'), publicDir, indexFallback: false });
  absent = await createApp({ dataDir: join(root, 'absent'), publicDir: join(root, 'nowhere') });
});
afterAll(async () => {
  await Promise.all([app.close(), strict.close(), absent.close()]);
  rmSync(root, { recursive: true, force: true });
});

const get = (a: App, path: string, init?: RequestInit) =>
  a.http.handle(new Request(`http://localhost${path}`, init));

describe('files', () => {
  test.each([
    ['/app.css', 'text/css', 'body{}'],
    ['/app.js', 'text/javascript', 'console.log(1)'],
    ['/data.json', 'application/json', '{"a":1}'],
    ['/', 'text/html', '<h1>home</h1>'],
    ['/sub/', 'text/html', '<h1>sub</h1>'],
  ])('%s → 200 %s', async (path, type, body) => {
    const res = await get(app, path);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toStartWith(type);
    expect(await res.text()).toBe(body);
  });

  test('ETag and Last-Modified; a matching If-None-Match or If-Modified-Since is a 304', async () => {
    const res = await get(app, '/app.css');
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    expect(res.headers.get('last-modified')).toBe('Fri, 02 Jan 2026 03:04:05 GMT');
    const cached = await get(app, '/app.css', { headers: { 'if-none-match': etag! } });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');
    const since = await get(app, '/app.css', {
      headers: { 'if-modified-since': 'Fri, 02 Jan 2026 03:04:05 GMT' },
    });
    expect(since.status).toBe(304);
    const stale = await get(app, '/app.css', { headers: { 'if-none-match': 'W/"0-0"' } });
    expect(stale.status).toBe(200);
  });

  test('an edited file is served as it is now, with a new ETag', async () => {
    const path = join(publicDir, 'edit.txt');
    writeFileSync(path, 'one');
    utimesSync(path, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
    const first = await get(app, '/edit.txt');
    expect(await first.text()).toBe('one');
    writeFileSync(path, 'two!');
    const second = await get(app, '/edit.txt');
    expect(await second.text()).toBe('two!');
    expect(second.headers.get('etag')).not.toBe(first.headers.get('etag'));
  });

  test('HEAD: the headers and length of GET, no body', async () => {
    const res = await get(app, '/app.css', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toStartWith('text/css');
    expect(res.headers.get('content-length')).toBe('6');
    expect(res.headers.get('etag')).toBeTruthy();
    expect(await res.text()).toBe('');
  });

  test('as PocketBase: /index.html → 301 /, a directory without its slash → 301 with it', async () => {
    const index = await get(app, '/index.html');
    expect([index.status, index.headers.get('location')]).toEqual([301, '/']);
    const dir = await get(app, '/sub?x=1');
    expect([dir.status, dir.headers.get('location')]).toEqual([301, '/sub/?x=1']);
  });

  test('dotfiles are served, as PocketBase does', async () => {
    expect(await (await get(app, '/.well-known')).text()).toBe('dot');
  });

  test('POST is not a public route', async () => {
    const res = await get(app, '/app.css', { method: 'POST' });
    expect(res.status).toBe(404);
  });
});

describe('index fallback', () => {
  test('on (default): a missing path is index.html', async () => {
    for (const path of ['/nope', '/deep/link/page', '/missing.js', '/empty/']) {
      const res = await get(app, path);
      expect([path, res.status]).toEqual([path, 200]);
      expect(await res.text()).toBe('<h1>home</h1>');
    }
  });

  // PocketBase 0.40.4 with --indexFallback=false: 404 `File not found.`, also for a dir with no index.
  test('off: a missing path is the 404 envelope; files still served', async () => {
    for (const path of ['/nope', '/empty/']) {
      const res = await get(strict, path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(await res.json()).toEqual({ status: 404, message: 'File not found.', data: {} });
    }
    expect((await get(strict, '/app.css')).status).toBe(200);
    expect(await (await get(strict, '/')).text()).toBe('<h1>home</h1>');
  });

  test('no public dir on disk: the 404 envelope', async () => {
    for (const path of ['/', '/app.css', '/nope']) {
      const res = await get(absent, path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(await res.json()).toEqual({
        status: 404,
        message: 'File not found.',
        data: {},
      });
    }
  });
});

describe('never shadowing the API or the dashboard', () => {
  test('/api/nope stays the JSON 404 (PocketBase would answer index.html)', async () => {
    for (const path of ['/api/nope', '/api', '/api/collections/nope/records/x/y']) {
      const res = await get(app, path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(await res.json()).toEqual({
        status: 404,
        message: "The requested resource wasn't found.",
        data: {},
      });
    }
    expect((await get(app, '/api/health')).status).toBe(200);
  });

  test('/_/ stays the dashboard', async () => {
    const res = await get(app, '/_/');
    expect(res.status).toBe(200);
    expect(await res.text()).not.toContain('<h1>home</h1>');
    expect((await get(app, '/_')).headers.get('location')).toBe('/_/');
    const ext = await get(app, '/_/extensions.js');
    expect(ext.headers.get('content-type')).toBe('text/javascript');
  });
});

describe('no path escape', () => {
  // The data dir (sb_data/data.db) sits beside the public dir.
  test.each([
    '/../sb_data/data.db',
    '/%2e%2e/sb_data/data.db',
    '/..%2fsb_data%2fdata.db',
    '/%2e%2e%2fsb_data%2fdata.db',
    '/sub/..%2f..%2fsb_data/data.db',
    '/sub/%2e%2e%2f%2e%2e%2fsb_data%2fdata.db',
    '/..%5csb_data%5cdata.db',
    '/app.css%00',
  ])('%s never reads outside the dir', async (path) => {
    for (const a of [app, strict]) {
      const res = await get(a, path);
      const body = new Uint8Array(await res.arrayBuffer());
      expect(new TextDecoder().decode(body.slice(0, 15))).not.toBe('SQLite format 3');
      expect([200, 400, 404]).toContain(res.status);
    }
  });

  test('the strict app answers escapes with 404 or 400, never a file', async () => {
    const res = await get(strict, '/..%2fsb_data%2fdata.db');
    expect(res.status).toBe(404);
  });
});

describe('defaultPublicDir', () => {
  test.each([
    ['./sb_data', 'sb_public'],
    ['/srv/app/sb_data/', '/srv/app/sb_public'],
    ['/srv/app/pb_data', '/srv/app/pb_public'],
    ['data', 'sb_public'],
  ])('%s → %s', (dir, expected) => {
    expect(defaultPublicDir(dir)).toBe(expected);
  });
});
