// GET /api/logs, /api/logs/stats, /api/logs/{id} and DELETE /api/logs (http-api.md §9), superusers only.
import { deleteLogs, findLog, listLogs, logStats } from '../core/logs/query.ts';
import { fieldsOf, pickedResponse } from './fields-param.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

export const logsRoutes = (ctx: RequestState): RouteInit[] => [
  {
    method: 'GET',
    pattern: '/api/logs',
    group: 'logs',
    handler: async (e) => {
      await e.requireSuperuser();
      const q = e.query;
      const list = listLogs(ctx.core, {
        page: q.get('page'),
        perPage: q.get('perPage'),
        sort: q.get('sort'),
        filter: q.get('filter'),
        skipTotal: q.get('skipTotal'),
      });
      return pickedResponse(list, fieldsOf(e.request));
    },
  },
  {
    method: 'GET',
    pattern: '/api/logs/stats',
    group: 'logs',
    handler: async (e) => {
      await e.requireSuperuser();
      const filter = e.query.get('filter');
      return pickedResponse(logStats(ctx.core, filter), fieldsOf(e.request));
    },
  },
  {
    method: 'GET',
    pattern: '/api/logs/{id}',
    group: 'logs',
    handler: async (e) => {
      await e.requireSuperuser();
      return pickedResponse(findLog(ctx.core, e.params.id!), fieldsOf(e.request));
    },
  },
  {
    method: 'DELETE',
    pattern: '/api/logs',
    group: 'logs',
    handler: async (e) => {
      await e.requireSuperuser();
      await deleteLogs(ctx.core);
      return new Response(null, { status: 204 });
    },
  },
];
