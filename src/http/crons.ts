// GET /api/crons and POST /api/crons/{id} (http-api.md §11), superusers only.
import { NotFoundError } from '../core/errors.ts';
import { fieldsOf, pickedResponse } from './fields-param.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

export const cronsRoutes = (ctx: RequestState): RouteInit[] => [
  {
    method: 'GET',
    pattern: '/api/crons',
    group: 'crons',
    handler: async (e) => {
      await e.requireSuperuser();
      return pickedResponse(ctx.core.cron.list(), fieldsOf(e.request));
    },
  },
  {
    method: 'POST',
    pattern: '/api/crons/{id}',
    group: 'crons',
    handler: async (e) => {
      await e.requireSuperuser();
      if (!ctx.core.cron.runNow(e.params.id!))
        throw new NotFoundError('Missing or invalid cron job.');
      return new Response(null, { status: 204 });
    },
  },
];
