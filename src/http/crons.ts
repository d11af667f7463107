// GET /api/crons and POST /api/crons/{id} (http-api.md §11), superusers only.
import { Elysia } from 'elysia';
import { NotFoundError } from '../core/errors.ts';
import { fieldsOf, pickedResponse } from './fields-param.ts';
import type { RequestState } from './request-state.ts';

export const cronsRoutes = (ctx: RequestState) =>
  new Elysia({ name: 'http/crons' })
    .get('/api/crons', async ({ request }) => {
      await ctx.requireSuperuser(request);
      return pickedResponse(ctx.core.cron.list(), fieldsOf(request));
    })
    .post(
      '/api/crons/:id',
      async ({ params, request }) => {
        await ctx.requireSuperuser(request);
        if (!ctx.core.cron.runNow(params.id))
          throw new NotFoundError('Missing or invalid cron job.');
        return new Response(null, { status: 204 });
      },
      { parse: 'none' },
    );
