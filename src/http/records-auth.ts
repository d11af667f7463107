// Auth routes of auth collections under /api/collections/{collection}/… (http-api.md §3.7–§3.12).
import { Elysia } from 'elysia';
import { listAuthMethods } from '../core/auth/auth-methods.ts';
import { authRefresh } from '../core/auth/auth-refresh.ts';
import { isMfaRequired } from '../core/auth/auth-response.ts';
import { authWithPassword } from '../core/auth/auth-with-password.ts';
import type { RequestContext } from './context.ts';
import { pickedResponse } from './fields-param.ts';
import { requestMeta } from './records.ts';

function firstQueryValue(v: unknown): string {
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
}

export const recordsAuthRoutes = (ctx: RequestContext) =>
  new Elysia({ name: 'http/records-auth' })
    .get('/api/collections/:collection/auth-methods', ({ params, query }) =>
      pickedResponse(listAuthMethods(ctx.core, params.collection), firstQueryValue(query.fields)),
    )
    .post(
      '/api/collections/:collection/auth-with-password',
      async ({ request, params, query, set }) => {
        const outcome = await authWithPassword(ctx.core, {
          collection: params.collection,
          body: await ctx.body(request),
          requester: await ctx.auth(request),
          mfaId: firstQueryValue(query.mfaId),
          ip: ctx.ip(request),
          request: requestMeta(request),
          expand: firstQueryValue(query.expand),
        });
        // MFA: 401 with exactly `{mfaId}`, not the error envelope (http-api.md §3.7).
        if (isMfaRequired(outcome)) {
          set.status = 401;
          return outcome;
        }
        return pickedResponse(outcome, firstQueryValue(query.fields));
      },
    )
    .post('/api/collections/:collection/auth-refresh', async ({ request, params, query }) => {
      const res = await authRefresh(ctx.core, {
        collection: params.collection,
        requester: await ctx.auth(request),
        ip: ctx.ip(request),
        request: requestMeta(request),
        expand: firstQueryValue(query.expand),
      });
      return pickedResponse(res, firstQueryValue(query.fields));
    });
