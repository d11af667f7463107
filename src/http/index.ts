// Every route group on one screen, plus the cross-cutting concerns: headers, CORS, limits, errors.
import { Elysia } from 'elysia';
import { batchRoutes } from './batch.ts';
import { collectionsRoutes } from './collections.ts';
import type { RequestContext } from './context.ts';
import { dashboardRoutes } from './dashboard.ts';
import { errorResponse, mapError } from './errors.ts';
import { filesRoutes } from './files.ts';
import { health } from './health.ts';
import { oauth2RedirectRoutes } from './oauth2-redirect.ts';
import { createRateLimit } from './rate-limit.ts';
import { realtimeRoutes } from './realtime.ts';
import { recordsRoutes } from './records.ts';
import { recordsAuthRoutes } from './records-auth.ts';
import { settingsRoutes } from './settings.ts';

export interface HttpOptions {
  origins: string[];
  bodyLimit: number;
}

const SECURITY_HEADERS = {
  'x-xss-protection': '1; mode=block',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
};

const ALLOWED_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';

type HeaderList = [string, string][];

const WILDCARD_HEADERS: HeaderList = Object.entries({
  ...SECURITY_HEADERS,
  'access-control-allow-origin': '*',
  vary: 'Origin',
});

/** Security + CORS headers for this request; the common wildcard case is one shared list. */
function responseHeaders(origins: string[], request: Request): HeaderList {
  if (origins.includes('*')) return WILDCARD_HEADERS;
  const origin = request.headers.get('origin');
  const cors: Record<string, string> =
    origin && origins.includes(origin)
      ? { 'access-control-allow-origin': origin, vary: 'Origin' }
      : { vary: 'Origin' };
  return Object.entries({ ...SECURITY_HEADERS, ...cors });
}

/** The HTTP app: Elysia's routes plus the transport concerns wrapped around them. */
export interface HttpApp {
  /** The route tree; `handle` is the way in. */
  routes: ReturnType<typeof createRoutes>;
  /** Answers one request: preflight, body cap, routes, then security and CORS headers. */
  handle(request: Request): Promise<Response>;
}

function createRoutes(ctx: RequestContext) {
  let requestSeq = 0;
  return new Elysia({ name: 'satchel' })
    .onError(({ code, error }) => mapError(code, error, `req${++requestSeq}`))
    .use(health(ctx))
    .use(collectionsRoutes(ctx))
    .use(recordsAuthRoutes(ctx))
    .use(recordsRoutes(ctx))
    .use(settingsRoutes(ctx))
    .use(batchRoutes(ctx))
    .use(filesRoutes(ctx))
    .use(realtimeRoutes(ctx))
    .use(oauth2RedirectRoutes(ctx))
    .use(dashboardRoutes(ctx));
}

function pathOf(request: Request): string {
  const url = request.url;
  return url.slice(url.indexOf('/', url.indexOf('//') + 2)).split('?')[0] ?? '';
}

function isBatch(request: Request): boolean {
  return pathOf(request) === '/api/batch';
}

const RECORD_WRITE = /^\/api\/collections\/[^/]+\/records(\/[^/]+)?$/;

function isRecordWrite(request: Request): boolean {
  return (
    (request.method === 'POST' || request.method === 'PATCH') && RECORD_WRITE.test(pathOf(request))
  );
}

function isFileDownload(request: Request): boolean {
  return request.method === 'GET' && pathOf(request).startsWith('/api/files/');
}

function withoutFrameOptions(headers: HeaderList): HeaderList {
  return headers.filter(([k]) => k !== 'x-frame-options');
}

/** Adds headers in place; a response with immutable headers (a proxied fetch) is re-wrapped. */
function withHeaders(res: Response, headers: HeaderList): Response {
  try {
    const h = res.headers;
    for (const [k, v] of headers) h.set(k, v);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    for (const [k, v] of headers) copy.headers.set(k, v);
    return copy;
  }
}

export function createHttpApp(ctx: RequestContext, options: HttpOptions): HttpApp {
  const routes = createRoutes(ctx);
  const rateLimit = createRateLimit(ctx);
  // Headers are added here rather than through Elysia's `set.headers`: merging those into a
  // handler's own Response cost about a third of the throughput of a record view (bench/records.ts).
  const handle = async (request: Request): Promise<Response> => {
    const headers = responseHeaders(options.origins, request);
    if (request.method === 'OPTIONS') {
      const requested = request.headers.get('access-control-request-headers');
      return new Response(null, {
        status: 204,
        headers: {
          ...Object.fromEntries(headers),
          'access-control-allow-methods': ALLOWED_METHODS,
          ...(requested ? { 'access-control-allow-headers': requested } : {}),
        },
      });
    }
    const length = Number(request.headers.get('content-length') || 0);
    // Batch (`settings.batch.maxBodySize`) and record writes (plus their fields' sizes) cap their
    // bodies themselves while reading.
    if (length > options.bodyLimit && !isBatch(request) && !isRecordWrite(request)) {
      return withHeaders(errorResponse(413), headers);
    }
    // Off by default: then `rateLimit` answers null without awaiting anything.
    const limited = rateLimit(request);
    const tooMany = limited && (await limited);
    if (tooMany) return withHeaders(tooMany, headers);
    const res = await routes.handle(request);
    // http-api.md §1.2: file downloads drop X-Frame-Options (they may be embedded, e.g. PDFs).
    return withHeaders(res, isFileDownload(request) ? withoutFrameOptions(headers) : headers);
  };
  return { routes, handle };
}
