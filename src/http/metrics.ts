// GET /api/metrics: Prometheus text exposition for superusers or a scraper with the token.
// PocketBase has no metrics endpoint (it declined one, pocketbase#1167): Satchel-only.
import { isScrapeToken } from '../core/metrics/access.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

const CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** `Bearer abc` → `abc`; anything else → ''. */
function bearerOf(request: Request): string {
  const header = request.headers.get('authorization') ?? '';
  return header.startsWith('Bearer ') ? header.slice(7).trim() : '';
}

export const metricsRoutes = (ctx: RequestState): RouteInit[] => [
  {
    method: 'GET',
    pattern: '/api/metrics',
    group: 'metrics',
    name: 'metrics.scrape',
    handler: async (e) => {
      // Not the token: a superuser's auth token (with or without `Bearer `), else 401/403.
      if (!isScrapeToken(ctx.core, bearerOf(e.request))) await e.requireSuperuser();
      const text = await ctx.core.metrics.render();
      return new Response(text, {
        headers: { 'content-type': CONTENT_TYPE, 'cache-control': 'no-store' },
      });
    },
  },
];
