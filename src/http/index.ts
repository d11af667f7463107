// Every route group on one screen, plus the cross-cutting concerns: headers, CORS, limits, errors.
import { Elysia } from 'elysia';
import { batchRoutes } from './batch.ts';
import { collectionsRoutes } from './collections.ts';
import type { RequestContext } from './context.ts';
import { errorResponse, mapError } from './errors.ts';
import { health } from './health.ts';
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

function corsHeaders(origins: string[], request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  if (origins.includes('*')) return { 'access-control-allow-origin': '*', vary: 'Origin' };
  if (origin && origins.includes(origin))
    return { 'access-control-allow-origin': origin, vary: 'Origin' };
  return { vary: 'Origin' };
}

export function createHttpApp(ctx: RequestContext, options: HttpOptions) {
  let requestSeq = 0;
  return new Elysia({ name: 'satchel' })
    .onRequest(({ request, set }) => {
      Object.assign(set.headers, SECURITY_HEADERS, corsHeaders(options.origins, request));
      if (request.method === 'OPTIONS') {
        const requested = request.headers.get('access-control-request-headers');
        return new Response(null, {
          status: 204,
          headers: {
            ...SECURITY_HEADERS,
            ...corsHeaders(options.origins, request),
            'access-control-allow-methods': ALLOWED_METHODS,
            ...(requested ? { 'access-control-allow-headers': requested } : {}),
          },
        });
      }
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > options.bodyLimit) return errorResponse(413);
    })
    .onError(({ code, error, set }) => {
      const res = mapError(code, error, `req${++requestSeq}`);
      for (const [k, v] of Object.entries(set.headers)) {
        if (typeof v === 'string') res.headers.set(k, v);
      }
      return res;
    })
    .use(health(ctx))
    .use(collectionsRoutes(ctx))
    .use(recordsAuthRoutes(ctx))
    .use(recordsRoutes(ctx))
    .use(settingsRoutes(ctx))
    .use(batchRoutes(ctx));
}
