// GET|HEAD /api/health (http-api.md §2).
import { Elysia } from 'elysia';
import type { RequestContext } from './context.ts';

export const health = (ctx: RequestContext) =>
  new Elysia({ name: 'http/health' })
    .get('/api/health', async ({ request }) => {
      const auth = await ctx.auth(request);
      const data = auth?.isSuperuser
        ? { canBackup: true, realIP: ctx.ip(request), possibleProxyHeader: '' }
        : {};
      return { message: 'API is healthy.', code: 200, data };
    })
    .head('/api/health', () => new Response(null, { status: 200 }));
