// POST /api/sql: the superuser SQL console (http-api.md §12).
import { Elysia } from 'elysia';
import { runSqlQuery } from '../core/sql-console.ts';
import type { RequestState } from './request-state.ts';

export const sqlRoutes = (ctx: RequestState) =>
  new Elysia({ name: 'http/sql' }).post(
    '/api/sql',
    async ({ request }) => {
      await ctx.requireSuperuser(request);
      return ctx.json(await runSqlQuery(ctx.core, (await ctx.body(request)).query));
    },
    { parse: 'none' },
  );
