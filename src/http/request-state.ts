// App-wide state the route files share: the core, the common headers, the caps, and dispatch for sub-requests.
// What belongs to one request (caller, client IP, body, query) lives on its RequestEvent (event.ts).
import type { Server } from 'bun';
import type { Core } from '../core/core.ts';
import { ResponseHeaders } from './response-headers.ts';

export interface RequestState {
  core: Core;
  /** The common response headers (security + CORS) for the configured origins. */
  readonly headers: ResponseHeaders;
  /** A JSON response; on the hot routes it saves re-setting the common headers afterwards. */
  json(data: unknown, status?: number): Response;
  /** The global body cap in bytes (PocketBase: 32 MiB). */
  readonly bodyLimit: number;
  /** The running server (for the client IP of a request); null before `listen`. */
  server(): Server<unknown> | null;
  /**
   * Handles a request through the whole app, in the caller's async context (so inside an open write
   * transaction its writes become a savepoint of it): batch sub-requests use it.
   */
  dispatch(request: Request, init?: RequestEventInit): Promise<Response>;
}

/** What a request carries in besides the Request itself (a batch sub-request's origin). */
export interface RequestEventInit {
  /** The client IP when the request never crossed a socket (a sub-request: its parent's). */
  ip?: string;
  /** `@request.context` for the rules (filter-and-rules.md §2.4); `default` when omitted. */
  context?: string;
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
export type Dispatcher = (request: Request, init?: RequestEventInit) => Promise<Response>;

export function createRequestState(
  opts: RequestStateOptions,
): RequestState & { setDispatcher(d: Dispatcher): void } {
  let dispatcher: Dispatcher | null = null;
  const headers = new ResponseHeaders(opts.origins);
  return {
    core: opts.core,
    bodyLimit: opts.bodyLimit,
    headers,
    json: (data, status) => headers.json(data, status),
    server: opts.server,
    dispatch(request, init) {
      if (!dispatcher) throw new Error('dispatch used before the http app was built');
      return dispatcher(request, init);
    },
    setDispatcher(d) {
      dispatcher = d;
    },
  };
}
