// POST /api/sql: the superuser SQL console (http-api.md §12).
import { runSqlQuery } from '../core/sql-console/run.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

export const sqlRoutes = (ctx: RequestState): RouteInit[] => [
  {
    method: 'POST',
    pattern: '/api/sql',
    group: 'sql',
    handler: async (e) => {
      await e.requireSuperuser();
      return ctx.json(await runSqlQuery(ctx.core, (await e.body()).query));
    },
  },
];
