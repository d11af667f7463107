// The admin dashboard under /_/: embedded assets (compiled binary) or dist/dashboard on disk (bun run).
// Text assets are precompressed at build time (`x.js.br`, `x.js.gz`); the best one the client accepts is sent.
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

/** Codings the client accepts, best first: `br, gzip;q=0.8` → ['br', 'gzip'] (q=0 refuses). */
export function acceptedCodings(header: string | null): ('br' | 'gzip')[] {
  const ok = new Set<string>();
  for (const part of (header ?? '').toLowerCase().split(',')) {
    const [name, ...params] = part.trim().split(';');
    const q = params.find((p) => p.trim().startsWith('q='));
    if (q && Number(q.trim().slice(2)) === 0) continue;
    if (name) ok.add(name.trim());
  }
  return (['br', 'gzip'] as const).filter((c) => ok.has(c));
}

async function serve(path: string, acceptEncoding: string | null): Promise<Response | null> {
  const file = locate(path);
  if (!file) return null;
  const f = Bun.file(file);
  if (!(await f.exists())) return null;
  const headers: Record<string, string> = {
    'content-type': f.type,
    'cache-control': HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
  };
  const twin = async (coding: 'br' | 'gzip') => {
    const p = locate(`${path}.${coding === 'br' ? 'br' : 'gz'}`);
    const t = p ? Bun.file(p) : null;
    return t && (await t.exists()) ? t : null;
  };
  const gz = await twin('gzip');
  if (!gz) return new Response(f, { headers }); // not a text asset: the same bytes for everyone
  headers.vary = 'Accept-Encoding';
  for (const coding of acceptedCodings(acceptEncoding)) {
    const packed = coding === 'gzip' ? gz : await twin('br');
    if (packed)
      return new Response(packed, { headers: { ...headers, 'content-encoding': coding } });
  }
  return new Response(f, { headers });
}

async function serveIndex(acceptEncoding: string | null): Promise<Response> {
  return (
    (await serve('/index.html', acceptEncoding)) ??
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
      return serveIndex(request.headers.get('accept-encoding'));
    })
    .get('/_/*', async ({ params, request }) => {
      const path = `/${params['*'] ?? ''}`;
      const accept = request.headers.get('accept-encoding');
      if (path === '/' || path === '/index.html') return serveIndex(accept);
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
        (await serve(path, accept)) ??
        (HASHED.test(path) ? new Response('Not found', { status: 404 }) : serveIndex(accept))
      );
    });
