// The admin dashboard under /_/: embedded assets (compiled binary) or dist/dashboard on disk (bun run).
import { normalize, resolve } from 'node:path';
import { Elysia } from 'elysia';
import { assets } from './dashboard-assets.gen.ts';
import { errorResponse } from './errors.ts';
import type { RequestState } from './request-state.ts';

const DIST = resolve(import.meta.dir, '../../dist/dashboard');
// Bun's content hash in built names (`index-a1b2c3d4.js`): those never change, so cache forever.
const HASHED = /-[a-z0-9]{8}\.[a-z0-9]+$/;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Satchel</title>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>Dashboard not built</h1><p>Run <code>npm run build:dashboard</code> and reload.</p>`;

/** The file behind `/_/<path>`: embedded when compiled in, else from dist/dashboard (never outside it). */
export function locate(path: string): string | null {
  if (Object.keys(assets).length > 0) return assets[path] ?? null;
  const full = normalize(`${DIST}${path}`);
  return full.startsWith(`${DIST}/`) ? full : null;
}

async function serve(path: string): Promise<Response | null> {
  const file = locate(path);
  if (!file) return null;
  const f = Bun.file(file);
  if (!(await f.exists())) return null;
  return new Response(f, {
    headers: {
      'content-type': f.type,
      'cache-control': HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  });
}

async function serveIndex(): Promise<Response> {
  return (
    (await serve('/index.html')) ??
    new Response(NOT_BUILT, {
      headers: { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-cache' },
    })
  );
}

export const dashboardRoutes = (_ctx: RequestState) =>
  new Elysia({ name: 'http/dashboard' })
    // Elysia may route `/_/` here too, so redirect only the exact `/_` (else: a redirect loop).
    .get('/_', ({ request }) => {
      const url = new URL(request.url);
      if (url.pathname === '/_')
        return new Response(null, { status: 301, headers: { location: `/_/${url.search}` } });
      return serveIndex();
    })
    .get('/_/*', async ({ params }) => {
      const path = `/${params['*'] ?? ''}`;
      if (path === '/' || path === '/index.html') return serveIndex();
      // PocketBase's UI extensions: with none registered it answers an empty `extensions.js`
      // (200, text/javascript) and `File not found.` under `extensions/`; Satchel has none.
      if (path === '/extensions.js')
        return new Response('', {
          headers: {
            'content-type': 'text/javascript',
            'cache-control': 'max-age=1209600, stale-while-revalidate=86400',
          },
        });
      if (path === '/extensions' || path.startsWith('/extensions/'))
        return errorResponse(404, 'File not found.');
      // Deep links fall back to the app; a missing hashed asset stays a 404.
      return (
        (await serve(path)) ??
        (HASHED.test(path) ? new Response('Not found', { status: 404 }) : serveIndex())
      );
    });
