// Every route group on one screen, plus the cross-cutting concerns: headers, CORS, limits, errors.
import { decodeComponent } from '../core/url-escapes.ts';
import { createHttpHooks, type HttpHooks } from './app-hooks.ts';
import { backupsRoutes } from './backups.ts';
import { batchRoutes } from './batch.ts';
import { collectionsRoutes } from './collections.ts';
import { cronsRoutes } from './crons.ts';
import { dashboardRoutes } from './dashboard.ts';
import { errorResponse, mapError } from './errors.ts';
import { RequestEvent, type RequestEventInit } from './event.ts';
import { filesRoutes } from './files.ts';
import { health } from './health.ts';
import { logsRoutes } from './logs.ts';
import { metricsRoutes } from './metrics.ts';
import { oauth2RedirectRoutes } from './oauth2-redirect.ts';
import { openapiRoutes } from './openapi.ts';
import { pathOf } from './path.ts';
import { type PublicOptions, publicRoutes } from './public.ts';
import { createRateLimit } from './rate-limit.ts';
import { realtimeRoutes } from './realtime.ts';
import { recordsRoutes } from './records.ts';
import { recordsAuthRoutes } from './records-auth.ts';
import { logDispatched } from './request-log.ts';
import type { RequestState } from './request-state.ts';
import { ALLOWED_METHODS, type HeaderList } from './response-headers.ts';
import { type Route, RouteTable } from './routes.ts';
import { settingsRoutes } from './settings.ts';
import { sqlRoutes } from './sql.ts';

export interface HttpOptions {
  bodyLimit: number;
  /** Files served at `/` (`--publicDir`), below every other route; none when unset. */
  public?: PublicOptions;
}

/** The HTTP app: the route table plus the transport concerns wrapped around it. */
export interface HttpApp {
  /** Every route and middleware; hooks add theirs under their own source and remove them on reload. */
  routes: RouteTable;
  /** Answers one request (Bun.serve's `fetch`): preflight, body cap, rate limit, route, headers. */
  handle(request: Request): Promise<Response>;
  /** `handle`, but a Response as it is when the answer is ready at once (no promise to settle). */
  respond(request: Request): Response | Promise<Response>;
  /** `handle` for a request made inside the app (a batch sub-request): its client IP and context. */
  dispatch(request: Request, init?: RequestEventInit): Promise<Response>;
  /** The request and lifecycle hooks (`allHooks` in app-hooks.ts adds the core's). */
  hooks: HttpHooks;
  /** An answer made outside the route table (a restart's 503) with every response's headers and CORS. */
  withHeaders(request: Request, res: Response): Response;
}

let requestSeq = 0;
/** Names an unexpected error in the log and nowhere else (the client gets a generic 500). */
const nextRequestId = () => `req${++requestSeq}`;

function createRoutes(ctx: RequestState, hooks: HttpHooks, options: HttpOptions): RouteTable {
  const table = new RouteTable();
  table.add([
    ...health(ctx),
    ...collectionsRoutes(ctx, hooks),
    ...recordsAuthRoutes(ctx, hooks),
    ...recordsRoutes(ctx, hooks),
    ...settingsRoutes(ctx, hooks),
    ...cronsRoutes(ctx),
    ...backupsRoutes(ctx),
    ...sqlRoutes(ctx),
    ...logsRoutes(ctx),
    ...metricsRoutes(ctx),
    ...batchRoutes(ctx, table, hooks),
    ...openapiRoutes(ctx, table),
    ...filesRoutes(ctx, hooks),
    ...realtimeRoutes(ctx, hooks),
    ...oauth2RedirectRoutes(ctx),
    ...dashboardRoutes(ctx),
    // `/{path...}` ranks below every static segment and wildcard, so it only takes what nothing else does.
    ...(options.public ? publicRoutes(options.public) : []),
  ]);
  return table;
}

/**
 * A HEAD answered by a GET route: the headers of the GET, its length, no body (as Elysia did before
 * the route table, and as Bun sends HEAD anyway). An event stream has no length to give.
 */
async function headOf(res: Response): Promise<Response> {
  if (!res.body) return res;
  const headers = new Headers(res.headers);
  if (headers.has('content-length') || headers.get('content-type') === 'text/event-stream') {
    await res.body.cancel();
  } else {
    headers.set('content-length', String((await res.arrayBuffer()).byteLength));
  }
  return new Response(null, { status: res.status, statusText: res.statusText, headers });
}

export function createHttpApp(ctx: RequestState, options: HttpOptions): HttpApp {
  const hooks = createHttpHooks();
  const routes = createRoutes(ctx, hooks, options);
  const rateLimit = createRateLimit(ctx);
  const common = ctx.headers;
  const metrics = ctx.core.metrics.requests;
  // Headers are added here rather than per route: merging them into a handler's own Response
  // afterwards is cheap, setting five headers on each route's Response is not (bench/records.ts).
  //
  // A route whose handler answers at once (a guest's record view) is answered without a promise:
  // Bun.serve sends a Response returned from `fetch` as it is, where each `await` on the way (the
  // handler's, dispatch's, the server's) cost a turn of the microtask queue.
  const dispatch = (request: Request, init?: RequestEventInit): Response | Promise<Response> => {
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
    // A path that doesn't percent-decode names no route and no record: refuse it before any route
    // sees it (PocketBase: 400 for a bad escape; one answer for all of them here).
    if (request.url.includes('%') && decodeComponent(pathOf(request.url)) === null) {
      return common.apply(
        errorResponse(400, 'Malformed percent-encoding in the URL path.'),
        headers,
      );
    }
    const start = performance.now();
    const e = new RequestEvent(ctx, request, pathOf(request.url), init);
    const match = routes.match(method, e.path);
    if (match) {
      e.route = match.route;
      e.params = match.params;
    }
    // Batch (`settings.batch.maxBodySize`) and record writes (plus their fields' sizes) cap their
    // bodies themselves while reading.
    if (method !== 'GET' && method !== 'HEAD' && match?.route.bodyLimit !== 'route') {
      const length = Number(request.headers.get('content-length') || 0);
      if (length > options.bodyLimit) {
        if (!init) metrics.observe(e.route?.group ?? 'none', 413, performance.now() - start);
        return common.apply(errorResponse(413), headers);
      }
    }
    // Off by default: then `rateLimit` answers null without awaiting anything.
    const limited = rateLimit(e);
    if (!limited) return runRoute(e, start, headers, init);
    return limited.then((tooMany) => {
      if (!tooMany) return runRoute(e, start, headers, init);
      if (!init) {
        logDispatched(ctx, e, tooMany, start);
        metrics.observe(e.route?.group ?? 'none', tooMany.status, performance.now() - start);
      }
      return common.apply(tooMany, headers);
    });
  };
  /** The matched route through the table's middlewares and its own (inline: the hottest path). */
  const runRoute = (
    e: RequestEvent,
    start: number,
    headers: HeaderList,
    init: RequestEventInit | undefined,
  ): Response | Promise<Response> => {
    const route = e.route;
    let answer: Response | Promise<Response>;
    try {
      if (!route) answer = errorResponse(404);
      else if (routes.middlewares.length === 0 && !route.middlewares) answer = route.handler(e);
      else answer = e.run([...routes.middlewares, ...(route.middlewares ?? [])], route.handler);
    } catch (err) {
      return finish(e, mapError(err, nextRequestId()), start, headers, init, err);
    }
    if (answer instanceof Response) return finish(e, answer, start, headers, init);
    // A promise (or whatever else a hooks file's handler gave back), settled as `await` would.
    return Promise.resolve(answer).then(
      (res) => finish(e, res, start, headers, init),
      (err) => finish(e, mapError(err, nextRequestId()), start, headers, init, err),
    );
  };
  const finish = (
    e: RequestEvent,
    res: Response,
    start: number,
    headers: HeaderList,
    init: RequestEventInit | undefined,
    thrown?: unknown,
  ): Response | Promise<Response> => {
    const route = e.route;
    // Batch sub-requests are part of the batch's own entry (and count), as in PocketBase's logs.
    if (!init) {
      logDispatched(ctx, e, res, start, thrown);
      metrics.observe(route?.group ?? 'none', res.status, performance.now() - start);
    }
    if (e.method === 'HEAD' && route?.method !== 'HEAD') {
      return headOf(res).then((head) => withCommon(head, headers, route));
    }
    return withCommon(res, headers, route);
  };
  const withCommon = (res: Response, headers: HeaderList, route: Route | null): Response => {
    const out = common.apply(res, headers);
    // http-api.md §1.2: file downloads drop X-Frame-Options (they may be embedded, e.g. PDFs).
    if (route?.embeddable) out.headers.delete('x-frame-options');
    return out;
  };
  return {
    routes,
    respond: (request) => dispatch(request),
    handle: async (request) => dispatch(request),
    dispatch: async (request, init) => dispatch(request, init),
    hooks,
    withHeaders: (request, res) => common.apply(res, common.forRequest(request)),
  };
}
