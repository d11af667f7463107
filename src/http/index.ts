// Every route group on one screen, plus the cross-cutting concerns: headers, CORS, limits, errors.
import { Elysia } from 'elysia';
import { backupsRoutes } from './backups.ts';
import { batchRoutes } from './batch.ts';
import { collectionsRoutes } from './collections.ts';
import { cronsRoutes } from './crons.ts';
import { dashboardRoutes } from './dashboard.ts';
import { errorResponse, mapError } from './errors.ts';
import { filesRoutes } from './files.ts';
import { health } from './health.ts';
import { oauth2RedirectRoutes } from './oauth2-redirect.ts';
import { pathOf } from './path.ts';
import { createRateLimit } from './rate-limit.ts';
import { realtimeRoutes } from './realtime.ts';
import { type RecordView, recordsRoutes, recordView } from './records.ts';
import { recordsAuthRoutes } from './records-auth.ts';
import type { RequestState } from './request-state.ts';
import { ALLOWED_METHODS, type HeaderList } from './response-headers.ts';
import { settingsRoutes } from './settings.ts';
import { sqlRoutes } from './sql.ts';

export interface HttpOptions {
  bodyLimit: number;
}

/** The HTTP app: Elysia's routes plus the transport concerns wrapped around them. */
export interface HttpApp {
  /** The route tree; `handle` is the way in. */
  routes: ReturnType<typeof createRoutes>;
  /** Answers one request: preflight, body cap, routes, then security and CORS headers. */
  handle(request: Request): Promise<Response>;
}

let requestSeq = 0;
/** Names an unexpected error in the log and nowhere else (the client gets a generic 500). */
const nextRequestId = () => `req${++requestSeq}`;

function createRoutes(ctx: RequestState, view: RecordView) {
  // standardHostname off: Elysia would otherwise skip 11 characters before looking for the path,
  // which misroutes hosts of up to 3 characters (`http://db/api/health`, a compose service name).
  return new Elysia({ name: 'satchel', strictPath: true, handler: { standardHostname: false } })
    .onError(({ code, error }) => mapError(code, error, nextRequestId()))
    .use(health(ctx))
    .use(collectionsRoutes(ctx))
    .use(recordsAuthRoutes(ctx))
    .use(recordsRoutes(ctx, view))
    .use(settingsRoutes(ctx))
    .use(cronsRoutes(ctx))
    .use(backupsRoutes(ctx))
    .use(sqlRoutes(ctx))
    .use(batchRoutes(ctx))
    .use(filesRoutes(ctx))
    .use(realtimeRoutes(ctx))
    .use(oauth2RedirectRoutes(ctx))
    .use(dashboardRoutes(ctx));
}

const RECORD_VIEW = /^\/api\/collections\/([^/]+)\/records\/([^/]+)$/;

/**
 * `GET /api/collections/{c}/records/{id}` answered without the router: the same handler Elysia
 * routes to (so both stay one implementation), minus the route lookup and its context object —
 * worth it on the hottest read of the API (bench/list.ts, view by id). Null for anything else.
 */
function directRecordView(request: Request, view: RecordView): Promise<Response> | null {
  if (request.method !== 'GET') return null;
  const m = RECORD_VIEW.exec(pathOf(request.url));
  if (!m) return null;
  let collection: string;
  let id: string;
  try {
    collection = decodeURIComponent(m[1]!);
    id = decodeURIComponent(m[2]!);
  } catch {
    return null; // a malformed escape: the router answers it
  }
  return view(request, collection, id).catch((err: unknown) =>
    mapError('UNKNOWN', err, nextRequestId()),
  );
}

function isBatch(request: Request): boolean {
  return pathOf(request.url) === '/api/batch';
}

const RECORD_WRITE = /^\/api\/collections\/[^/]+\/records(\/[^/]+)?$/;

function isRecordWrite(request: Request): boolean {
  return (
    (request.method === 'POST' || request.method === 'PATCH') &&
    RECORD_WRITE.test(pathOf(request.url))
  );
}

function isFileDownload(request: Request): boolean {
  return (
    request.method === 'GET' &&
    request.url.includes('/api/files/') &&
    pathOf(request.url).startsWith('/api/files/')
  );
}

export function createHttpApp(ctx: RequestState, options: HttpOptions): HttpApp {
  const view = recordView(ctx);
  const routes = createRoutes(ctx, view);
  const rateLimit = createRateLimit(ctx);
  const common = ctx.headers;
  const finish = (request: Request, res: Response, headers: HeaderList): Response => {
    const out = common.apply(res, headers);
    // http-api.md §1.2: file downloads drop X-Frame-Options (they may be embedded, e.g. PDFs).
    if (isFileDownload(request)) out.headers.delete('x-frame-options');
    return out;
  };
  // Headers are added here rather than through Elysia's `set.headers`: merging those into a
  // handler's own Response cost about a third of the throughput of a record view (bench/records.ts).
  const handle = async (request: Request): Promise<Response> => {
    const method = request.method;
    const headers = common.forRequest(request);
    if (method === 'OPTIONS') {
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
    // Batch (`settings.batch.maxBodySize`) and record writes (plus their fields' sizes) cap their
    // bodies themselves while reading; a backup upload has no cap (http-api.md §1.1).
    if (method !== 'GET' && method !== 'HEAD') {
      const length = Number(request.headers.get('content-length') || 0);
      if (
        length > options.bodyLimit &&
        !isBatch(request) &&
        !isRecordWrite(request) &&
        pathOf(request.url) !== '/api/backups/upload'
      ) {
        return common.apply(errorResponse(413), headers);
      }
    }
    // Off by default: then `rateLimit` answers null without awaiting anything.
    const limited = rateLimit(request);
    const tooMany = limited && (await limited);
    if (tooMany) return common.apply(tooMany, headers);
    const res = directRecordView(request, view) ?? routes.handle(request);
    return finish(request, await res, headers);
  };
  return { routes, handle };
}
