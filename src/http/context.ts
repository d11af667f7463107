// Per-request helpers every route file receives: the core, the caller's auth, the client IP, the body.
import type { Server } from 'bun';
import type { AuthInfo } from '../core/auth/auth-info.ts';
import { resolveRequestAuth } from '../core/auth/request-auth.ts';
import type { Core } from '../core/context.ts';
import { ForbiddenError, UnauthorizedError } from '../core/errors.ts';
import { ipInList } from '../core/settings/formats.ts';
import { type Body, readBody } from './body.ts';

export interface RequestContext {
  core: Core;
  /** The caller, resolved once per request from `Authorization` (invalid token ⇒ guest). */
  auth(request: Request): Promise<AuthInfo | null>;
  /** Superuser-only routes: 401 without auth, 403 for any other auth record (http-api.md §1.4). */
  requireSuperuser(request: Request): Promise<AuthInfo>;
  ip(request: Request): string;
  body(request: Request): Promise<Body>;
  /**
   * Handles a request through the whole app, in the caller's async context (so inside an open write
   * transaction its writes become a savepoint of it): batch sub-requests use it.
   */
  dispatch(request: Request, parent?: Request): Promise<Response>;
}

export interface RequestContextOptions {
  core: Core;
  /** Body size cap in bytes for requests without a more specific limit. */
  bodyLimit: number;
  server: () => Server<unknown> | null;
}

/** What `dispatch` calls; set by the http app once it exists. */
export type Dispatcher = (request: Request) => Promise<Response>;

export function createRequestContext(
  opts: RequestContextOptions,
): RequestContext & { setDispatcher(d: Dispatcher): void } {
  let dispatcher: Dispatcher | null = null;
  const authCache = new WeakMap<Request, Promise<AuthInfo | null>>();
  const bodyCache = new WeakMap<Request, Promise<Body>>();
  const forwardedIp = new WeakMap<Request, string>();
  const ctx: RequestContext & { setDispatcher(d: Dispatcher): void } = {
    core: opts.core,
    auth(request) {
      let p = authCache.get(request);
      if (!p) {
        p = resolveRequestAuth(opts.core, request.headers.get('authorization')).then((auth) => {
          // http-api.md §1.4: a superuser from outside settings.superuserIPs is refused outright.
          const allowed = opts.core.settings.get().superuserIPs;
          if (auth?.isSuperuser && allowed.length > 0 && !ipInList(ctx.ip(request), allowed)) {
            throw new ForbiddenError();
          }
          return auth;
        });
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
      return forwardedIp.get(request) ?? opts.server()?.requestIP(request)?.address ?? '';
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
    body(request) {
      let p = bodyCache.get(request);
      if (!p) {
        p = readBody(request, opts.bodyLimit);
        bodyCache.set(request, p);
      }
      return p;
    },
  };
  return ctx;
}
