// The request event: one per HTTP request, created once and passed explicitly through middlewares and the route handler.
//
// PocketBase's `core.RequestEvent`. It lives in http (not core or hooks): core takes plain values
// (`auth`, `RequestMeta`) and never sees it; request hooks declared later type their chains with it.
import { refusesSuperuserAt } from '../core/auth/superuser-ips.ts';
import { resolveRequestAuth } from '../core/auth/tokens/request-auth.ts';
import { ForbiddenError, UnauthorizedError } from '../core/errors.ts';
import type { AuthInfo } from '../core/records/auth-info.ts';
import type { RequestMeta } from '../core/records/request-info.ts';
import { parseIp } from '../core/settings/formats.ts';
import { bodySpecOf, readCheckedBody } from './bodies/index.ts';
import { type Body, readBody } from './body.ts';
import type { RequestEventInit, RequestState } from './request-state.ts';

export type { RequestEventInit };

const GUEST: Promise<AuthInfo | null> = Promise.resolve(null);

export class RequestEvent {
  /** Path wildcards of the matched route, percent-decoded. */
  params: Record<string, string> = {};
  /** The matched route; null while unmatched (a 404, or before routing). */
  route: Route | null = null;
  /** `@request.context` (filter-and-rules.md §2.4): `default`, `batch`, … */
  context: string;
  /**
   * The last answer built with `json`/`string`/… : what a request hook handler that doesn't call
   * `e.next()` answers with (PocketBase writes the response there and then).
   */
  response: Response | null = null;
  private resolvedAuth: AuthInfo | null | undefined;
  private authPromise: Promise<AuthInfo | null> | undefined;
  private bodyPromise: Promise<Body> | undefined;
  private queryParams: URLSearchParams | undefined;
  private info: RequestMeta | undefined;
  private ip: string | undefined;
  private peer: string | undefined;
  private store: Map<string, unknown> | undefined;
  private chain: readonly Middleware[] = [];
  private step = 0;

  constructor(
    /** The app-wide state (core, common headers, dispatch): the same object for every request. */
    readonly app: RequestState,
    readonly request: Request,
    /** The URL path without the query, as sent (still percent-encoded). */
    readonly path: string,
    init?: RequestEventInit,
  ) {
    this.context = init?.context ?? 'default';
    this.ip = init?.ip;
  }

  get method(): string {
    return this.request.method;
  }

  /**
   * The caller, once `resolveAuth()` has run: PocketBase loads it before every handler, here it
   * is resolved on demand (most public reads carry no token). Read before that, it throws.
   */
  get auth(): AuthInfo | null {
    if (this.resolvedAuth !== undefined) return this.resolvedAuth;
    if (!this.request.headers.has('authorization')) return null;
    throw new Error('RequestEvent.auth read before resolveAuth()');
  }

  /** The caller if auth was resolved for this request, else null (never resolves it): for logs. */
  get resolvedAuthOrNull(): AuthInfo | null {
    return this.resolvedAuth ?? null;
  }

  /** Resolves the caller once from `Authorization` (invalid token ⇒ guest). */
  resolveAuth(): Promise<AuthInfo | null> {
    // Guests (no header) are the common case on public reads: no promise chain.
    if (!this.request.headers.has('authorization')) return GUEST;
    if (this.authPromise) return this.authPromise;
    const core = this.app.core;
    const auth = resolveRequestAuth(core, this.request.headers.get('authorization'));
    // http-api.md §1.4: a superuser from outside settings.superuserIPs is refused outright.
    if (auth?.isSuperuser && refusesSuperuserAt(core, () => this.realIP())) {
      this.authPromise = Promise.reject(new ForbiddenError());
    } else {
      // Settled now: `auth` reads it at once, and awaiting it costs no chained promises.
      this.resolvedAuth = auth;
      this.authPromise = Promise.resolve(auth);
    }
    return this.authPromise;
  }

  /**
   * `fn(caller)`, called at once for a guest (no header: nothing to await, so a handler can answer
   * Bun.serve with a Response rather than a promise), else once `resolveAuth()` has settled.
   */
  withAuth<T>(fn: (auth: AuthInfo | null) => T | Promise<T>): T | Promise<T> {
    if (!this.request.headers.has('authorization')) return fn(null);
    return this.resolveAuth().then(fn);
  }

  /** Superuser-only routes: 401 without auth, 403 for any other auth record (http-api.md §1.4). */
  async requireSuperuser(): Promise<AuthInfo> {
    const auth = await this.resolveAuth();
    if (!auth)
      throw new UnauthorizedError('The request requires valid record authorization token.');
    if (!auth.isSuperuser)
      throw new ForbiddenError('The authorized record is not allowed to perform this action.');
    return auth;
  }

  /**
   * The client IP. http-api.md §14: behind a trusted proxy the first configured header holding a
   * parseable IP wins; its rightmost entry is the one the nearest proxy appended (leftmost on request).
   */
  realIP(): string {
    if (this.ip !== undefined) return this.ip;
    const proxy = this.app.core.settings.get().trustedProxy;
    for (const name of proxy.headers) {
      const ips = (this.request.headers.get(name) ?? '').split(',').map((v) => v.trim());
      if (!proxy.useLeftmostIP) ips.reverse();
      const ip = ips.find((v) => parseIp(v) !== null);
      if (ip) return ip;
    }
    return this.remoteIP();
  }

  /** The peer address of the connection (PocketBase's `remoteIP`), proxies ignored. */
  remoteIP(): string {
    if (this.ip !== undefined) return this.ip;
    this.peer ??= this.app.server()?.requestIP(this.request)?.address ?? '';
    return this.peer;
  }

  /** Only the first value of each query key counts (http-api.md §1.1). Parsed once. */
  get query(): URLSearchParams {
    if (this.queryParams) return this.queryParams;
    // No `?`: nothing to parse (an auth-refresh, a create), no URL object to build.
    const url = this.request.url;
    this.queryParams = url.includes('?') ? new URL(url).searchParams : new URLSearchParams();
    return this.queryParams;
  }

  /**
   * The first value of one query key, or null: a URL without `?` (an auth-refresh, a create) has
   * none, and no params object is built to say so (unless one was built and maybe changed).
   */
  queryValue(name: string): string | null {
    if (!this.queryParams && !this.request.url.includes('?')) return null;
    return this.query.get(name);
  }

  /**
   * Reads the body once; `limit` overrides the global cap (a record write with file fields). A
   * built-in route's body is checked against its schema here (http/bodies/), when the handler
   * first reads it: after the checks PocketBase makes before binding (auth, the collection).
   */
  body(limit?: number): Promise<Body> {
    const spec = bodySpecOf(this.route);
    this.bodyPromise ??=
      spec && (!spec.checkedByCore || spec.loadError !== undefined)
        ? readCheckedBody(this.request, limit ?? this.app.bodyLimit, spec)
        : readBody(this.request, limit ?? this.app.bodyLimit);
    return this.bodyPromise;
  }

  /**
   * What `@request.method/query/headers/context` read (filter-and-rules.md §2.4). Built once, and
   * its query/headers maps only when a rule or filter actually reads them.
   */
  requestInfo(): RequestMeta {
    if (this.info) return this.info;
    let query: Record<string, string> | undefined;
    let headers: Record<string, string> | undefined;
    const e = this;
    this.info = {
      method: this.request.method,
      get query() {
        if (!query) {
          query = {};
          for (const [k, v] of e.query) if (!Object.hasOwn(query, k)) query[k] = v;
        }
        return query;
      },
      get headers() {
        if (!headers) {
          const h: Record<string, string> = {};
          e.request.headers.forEach((v, k) => {
            h[k] = v;
          });
          headers = h;
        }
        return headers;
      },
      get context() {
        return e.context;
      },
    };
    return this.info;
  }

  /** Per-request values middlewares hand to what comes after them. */
  get(key: string): unknown {
    return this.store?.get(key);
  }

  set(key: string, value: unknown): void {
    this.store ??= new Map();
    this.store.set(key, value);
  }

  /** Runs `middlewares` then `last`; each middleware goes on with `e.next()`. */
  run(middlewares: readonly Middleware[], last: Middleware): Promise<Response> {
    this.chain = [...middlewares, last];
    this.step = 0;
    return this.next();
  }

  /** Continues with the next middleware, or the route handler after the last one. */
  async next(): Promise<Response> {
    const fn = this.chain[this.step++];
    if (!fn) throw new Error('RequestEvent.next() called past the route handler');
    return fn(this);
  }

  // Responses, named as PocketBase's; the common security and CORS headers are added on the way out.

  json(status: number, data: unknown): Response {
    return this.answer(this.app.json(data, status));
  }

  string(status: number, text: string): Response {
    return this.answer(
      new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } }),
    );
  }

  html(status: number, html: string): Response {
    return this.answer(
      new Response(html, { status, headers: { 'content-type': 'text/html; charset=utf-8' } }),
    );
  }

  blob(status: number, contentType: string, data: BodyInit): Response {
    return this.answer(new Response(data, { status, headers: { 'content-type': contentType } }));
  }

  stream(status: number, contentType: string, body: ReadableStream): Response {
    return this.answer(new Response(body, { status, headers: { 'content-type': contentType } }));
  }

  redirect(status: number, url: string): Response {
    return this.answer(new Response(null, { status, headers: { location: url } }));
  }

  noContent(status = 204): Response {
    return this.answer(new Response(null, { status }));
  }

  private answer(res: Response): Response {
    this.response = res;
    return res;
  }
}

// The route types live here, beside the event they are dispatched with (routes.ts re-exports them):
// one file for both keeps the import graph free of cycles.

/** Answers a request; errors thrown here reach the error mapper (http/errors.ts). */
export type RouteHandler = (e: RequestEvent) => Response | Promise<Response>;

/** Wraps what comes after it: calls `e.next()` to go on, or answers by itself. */
export type Middleware = (e: RequestEvent) => Response | Promise<Response>;

/** What a route file declares. */
export interface RouteInit {
  /** An HTTP method; a GET route answers HEAD too (as Go's ServeMux does). '' matches any. */
  method: string;
  /**
   * A Go ServeMux path pattern: `/api/collections/{collection}/records/{id}`; `{path...}` takes the
   * rest of the path; a trailing `/` matches the whole subtree, `/{$}` only the slash itself.
   */
  pattern: string;
  handler: RouteHandler;
  /** The route group (`records`, `health`, …): one per route file, what metrics aggregate by. */
  group: string;
  /** A stable name for logs (`records.view`); `METHOD pattern` when omitted. */
  name?: string;
  /** 'route': the handler caps the body itself while reading; otherwise the global cap applies. */
  bodyLimit?: 'route';
  /** Collection-scoped rate limiting (http-api.md §14): the rule tags and the counter bucket. */
  rateLimit?: { tags: readonly string[]; bucket: string };
  /** A record route a batch may run (http-api.md §4). */
  batch?: 'create' | 'update' | 'delete';
  /** http-api.md §1.2: the response may be framed (file downloads): no X-Frame-Options. */
  embeddable?: boolean;
  /** PocketBase's SkipSuccessActivityLog: only an error answer goes to the request log. */
  skipSuccessLog?: boolean;
  /** Run around this route's handler only, after the table's own middlewares. */
  middlewares?: Middleware[];
}

export interface Route extends RouteInit {
  name: string;
  /** Who added it: 'core' for the built-in routes; `remove(source)` takes a source's routes away. */
  source: string;
  /** Wildcard names in pattern order; their values arrive in the same order. */
  readonly paramNames: readonly string[];
}
