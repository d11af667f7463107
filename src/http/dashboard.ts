// The admin dashboard under /_/: embedded assets (compiled binary) or dist/dashboard on disk (bun run).
import { normalize, resolve } from 'node:path';
import { assets } from './dashboard-assets.gen.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

const DIST = resolve(import.meta.dir, '../../dist/dashboard');
// Bun's content hash in built names (`index-a1b2c3d4.js`): those never change, so cache forever.
const HASHED = /-[a-z0-9]{8}\.[a-z0-9]+$/;

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>Satchel</title>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto">
<h1>Dashboard not built</h1><p>Run <code>bun scripts/build-dashboard.ts</code> and reload.</p>`;

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

export const dashboardRoutes = (_ctx: RequestState): RouteInit[] => [
  {
    method: 'GET',
    pattern: '/_',
    group: 'dashboard',
    handler: ({ request }) => {
      // Redirect only the exact `/_` (else: a redirect loop).
      const url = new URL(request.url);
      if (url.pathname === '/_')
        return new Response(null, { status: 301, headers: { location: `/_/${url.search}` } });
      return serveIndex();
    },
  },
  {
    method: 'GET',
    pattern: '/_/{path...}',
    group: 'dashboard',
    handler: async ({ params }) => {
      const path = `/${params.path ?? ''}`;
      if (path === '/' || path === '/index.html') return serveIndex();
      // Deep links fall back to the app; a missing hashed asset stays a 404.
      return (
        (await serve(path)) ??
        (HASHED.test(path) ? new Response('Not found', { status: 404 }) : serveIndex())
      );
    },
  },
];
