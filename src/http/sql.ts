// POST /api/sql: the superuser SQL console (http-api.md §12). The console (statement splitter,
// runner) loads with its first query, not at every start.
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

export const sqlRoutes = (ctx: RequestState): RouteInit[] => [
  {
    method: 'POST',
    pattern: '/api/sql',
    group: 'sql',
    handler: async (e) => {
      await e.requireSuperuser();
      const { runSqlQuery } = await import('../core/sql-console/run.ts');
      return ctx.json(await runSqlQuery(ctx.core, (await e.body()).query));
    },
  },
];
