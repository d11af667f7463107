// GET|HEAD /api/health (http-api.md §2).
import { fieldsOf, pickedResponse } from './fields-param.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

/** Headers a reverse proxy typically adds: named so the dashboard can suggest trusting one. */
const PROXY_HEADERS = ['CF-Connecting-IP', 'Fly-Client-IP', 'X-Real-IP', 'X-Forwarded-For'];

/** A proxy header on the request while no trusted-proxy header is configured, else ''. */
function possibleProxyHeader(ctx: RequestState, request: Request): string {
  if (ctx.core.settings.get().trustedProxy.headers.length > 0) return '';
  return PROXY_HEADERS.find((h) => request.headers.has(h)) ?? '';
}

export const health = (ctx: RequestState): RouteInit[] => [
  {
    method: 'GET',
    pattern: '/api/health',
    group: 'health',
    handler: async (e) => {
      const request = e.request;
      const auth = await e.resolveAuth();
      const data = auth?.isSuperuser
        ? {
            canBackup: ctx.core.backups.canBackup,
            realIP: e.realIP(),
            possibleProxyHeader: possibleProxyHeader(ctx, request),
          }
        : {};
      const fields = fieldsOf(request);
      return pickedResponse({ message: 'API is healthy.', code: 200, data }, fields);
    },
  },
  {
    method: 'HEAD',
    pattern: '/api/health',
    group: 'health',
    handler: () => new Response(null, { status: 200 }),
  },
];
