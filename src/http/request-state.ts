// Request state for the route files: the core, plus the caller, client IP and body memoised per Request.
import type { Server } from 'bun';
import { resolveRequestAuth } from '../core/auth/tokens/request-auth.ts';
import type { Core } from '../core/core.ts';
import { ForbiddenError, UnauthorizedError } from '../core/errors.ts';
import type { AuthInfo } from '../core/records/auth-info.ts';
import { ipInList, parseIp } from '../core/settings/formats.ts';
import { type Body, readBody } from './body.ts';
import { ResponseHeaders } from './response-headers.ts';

export interface RequestState {
  core: Core;
  /** The caller, resolved once per request from `Authorization` (invalid token ⇒ guest). */
  auth(request: Request): Promise<AuthInfo | null>;
  /** Superuser-only routes: 401 without auth, 403 for any other auth record (http-api.md §1.4). */
  requireSuperuser(request: Request): Promise<AuthInfo>;
  ip(request: Request): string;
  /** The common response headers (security + CORS) for the configured origins. */
  readonly headers: ResponseHeaders;
  /** A JSON response; on the hot routes it saves re-setting the common headers afterwards. */
  json(data: unknown, status?: number): Response;
  /** The global body cap in bytes (PocketBase: 32 MiB). */
  readonly bodyLimit: number;
  /** Reads the body once; `limit` overrides the global cap (a record write with file fields). */
  body(request: Request, limit?: number): Promise<Body>;
  /**
   * Handles a request through the whole app, in the caller's async context (so inside an open write
   * transaction its writes become a savepoint of it): batch sub-requests use it.
   */
  dispatch(request: Request, parent?: Request): Promise<Response>;
}

export interface RequestStateOptions {
  core: Core;
  /** Body size cap in bytes for requests without a more specific limit. */
  bodyLimit: number;
  /** Allowed CORS origins (`['*']`: any). */
  origins: string[];
  server: () => Server<unknown> | null;
}

/** What `dispatch` calls; set by the http app once it exists. */
export type Dispatcher = (request: Request) => Promise<Response>;

const GUEST: Promise<AuthInfo | null> = Promise.resolve(null);

export function createRequestState(
  opts: RequestStateOptions,
): RequestState & { setDispatcher(d: Dispatcher): void } {
  let dispatcher: Dispatcher | null = null;
  const authCache = new WeakMap<Request, Promise<AuthInfo | null>>();
  const bodyCache = new WeakMap<Request, Promise<Body>>();
  const forwardedIp = new WeakMap<Request, string>();
  const headers = new ResponseHeaders(opts.origins);
  const ctx: RequestState & { setDispatcher(d: Dispatcher): void } = {
    core: opts.core,
    bodyLimit: opts.bodyLimit,
    headers,
    json: (data, status) => headers.json(data, status),
    auth(request) {
      // Guests (no header) are the common case on public reads: no promise chain, no cache entry.
      if (!request.headers.has('authorization')) return GUEST;
      let p = authCache.get(request);
      if (!p) {
        p = resolveRequestAuth(opts.core, request.headers.get('authorization'));
        // http-api.md §1.4: a superuser from outside settings.superuserIPs is refused outright.
        const allowed = opts.core.settings.get().superuserIPs;
        if (allowed.length > 0) {
          p = p.then((auth) => {
            if (auth?.isSuperuser && !ipInList(ctx.ip(request), allowed))
              throw new ForbiddenError();
            return auth;
          });
        }
        authCache.set(request, p);
      }
      return p;
    },
    async requireSuperuser(request) {
      const auth = await ctx.auth(request);
      if (!auth)
        throw new UnauthorizedError('The request requires valid record authorization token.');
      if (!auth.isSuperuser)
        throw new ForbiddenError('The authorized record is not allowed to perform this action.');
      return auth;
    },
    ip(request) {
      const forwarded = forwardedIp.get(request);
      if (forwarded !== undefined) return forwarded;
      // http-api.md §14: behind a trusted proxy the first configured header holding a parseable IP
      // wins; its rightmost entry is the one the nearest proxy appended (leftmost on request).
      const proxy = opts.core.settings.get().trustedProxy;
      for (const name of proxy.headers) {
        const ips = (request.headers.get(name) ?? '').split(',').map((v) => v.trim());
        if (!proxy.useLeftmostIP) ips.reverse();
        const ip = ips.find((v) => parseIp(v) !== null);
        if (ip) return ip;
      }
      return opts.server()?.requestIP(request)?.address ?? '';
    },
    dispatch(request, parent) {
      if (!dispatcher) throw new Error('dispatch used before the http app was built');
      // A sub-request never crossed a socket: it comes from where its parent came from.
      if (parent) forwardedIp.set(request, ctx.ip(parent));
      return dispatcher(request);
    },
    setDispatcher(d) {
      dispatcher = d;
    },
    body(request, limit) {
      let p = bodyCache.get(request);
      if (!p) {
        p = readBody(request, limit ?? opts.bodyLimit);
        bodyCache.set(request, p);
      }
      return p;
    },
  };
  return ctx;
}
