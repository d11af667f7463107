// Public files (`--publicDir`) at `/`: the lowest-priority route, after the API and the dashboard.
//
// Served with Bun.file rather than @elysiajs/static 1.4.10 (tried): it keeps each answer in a 3-hour
// response cache checked before the ETag (an edited file keeps its first ETag; a cached path never
// answers 304), serves HTML files through routes fixed at start-up, sends no Last-Modified, has no
// index fallback, and with `decodeURI` on serves `/..%2fx` from outside the dir.
import { stat } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import { errorResponse } from './errors.ts';
import type { RouteInit } from './routes.ts';

export interface PublicOptions {
  /** The directory served at `/`; absent on disk → every path is the usual 404. */
  dir: string;
  /** A missing path answers `/index.html` (single-page apps); PocketBase's default: on. */
  indexFallback: boolean;
}

/** `W/"<size>-<mtime>"` in hex: cheap (no hashing) and changes whenever the file does. */
const etagOf = (size: number, mtimeMs: number) =>
  `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;

/** `a/../../x` → null; `sub/a.css` → `<dir>/sub/a.css` (never outside `root`). */
export function inside(root: string, path: string): string | null {
  if (path.includes('\0') || path.includes('\\')) return null;
  const full = resolve(root, `.${sep}${path}`);
  return full === root || full.startsWith(`${root}${sep}`) ? full : null;
}

/** The file at `full` with its validators, or 304 when the client's copy is current. */
async function sendFile(request: Request, full: string): Promise<Response | null> {
  const st = await stat(full).catch(() => null);
  if (!st?.isFile()) return null;
  const etag = etagOf(st.size, st.mtimeMs);
  const lastModified = new Date(Math.floor(st.mtimeMs / 1000) * 1000).toUTCString();
  const headers: Record<string, string> = { etag, 'last-modified': lastModified };
  const inm = request.headers.get('if-none-match');
  const ims = request.headers.get('if-modified-since');
  const fresh = inm
    ? inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')
    : ims !== null && Date.parse(ims) >= Date.parse(lastModified);
  if (fresh) return new Response(null, { status: 304, headers });
  const file = Bun.file(full);
  return new Response(file, { headers: { ...headers, 'content-type': file.type } });
}

export function publicRoutes(options: PublicOptions): RouteInit[] {
  const root = resolve(options.dir);
  // PocketBase's message for a public miss (also when the dir doesn't exist).
  const notFound = () => errorResponse(404, 'File not found.');
  return [
    {
      method: 'GET',
      pattern: '/{path...}',
      group: 'public',
      handler: async ({ params, request, path: rawPath }) => {
        const path = params.path ?? '';
        // The API's unmatched paths stay its JSON 404s (PocketBase would answer index.html).
        if (path === 'api' || path.startsWith('api/')) return errorResponse(404);
        const full = inside(root, path);
        if (!full) return notFound();
        const st = await stat(full).catch(() => null);
        if (st?.isDirectory()) {
          // As PocketBase: `/sub` → 301 `/sub/`, which serves `sub/index.html`.
          if (!rawPath.endsWith('/')) {
            const search = new URL(request.url).search;
            return new Response(null, {
              status: 301,
              headers: { location: `${rawPath}/${search}` },
            });
          }
          const index = await sendFile(request, join(full, 'index.html'));
          if (index) return index;
        } else if (st) {
          // `/index.html` → 301 `/` (and `/sub/index.html` → `/sub/`), as PocketBase.
          if (rawPath.endsWith('/index.html')) {
            return new Response(null, {
              status: 301,
              headers: { location: rawPath.slice(0, -'index.html'.length) },
            });
          }
          const file = await sendFile(request, full);
          if (file) return file;
        }
        if (!options.indexFallback) return notFound();
        return (await sendFile(request, join(root, 'index.html'))) ?? notFound();
      },
    },
  ];
}
