// Auth routes of auth collections under /api/collections/{collection}/… (http-api.md §3.7–§3.17).
import { Elysia } from 'elysia';
import { listAuthMethods } from '../core/auth/auth-methods.ts';
import { type AuthOutcome, isMfaRequired } from '../core/auth/auth-response.ts';
import { confirmEmailChange, requestEmailChange } from '../core/auth/mail-flows/email-change.ts';
import {
  confirmPasswordReset,
  requestPasswordReset,
} from '../core/auth/mail-flows/password-reset.ts';
import { confirmVerification, requestVerification } from '../core/auth/mail-flows/verification.ts';
import { authWithOAuth2 } from '../core/auth/oauth2/auth-with-oauth2.ts';
import { authWithOtp, requestOtp } from '../core/auth/otp/otp.ts';
import { authWithPassword } from '../core/auth/password/auth-with-password.ts';
import { authRefresh } from '../core/auth/tokens/auth-refresh.ts';
import { impersonate } from '../core/auth/tokens/impersonate.ts';
import { pickedResponse } from './fields-param.ts';
import { requestMeta } from './records.ts';
import type { RequestState } from './request-state.ts';

function firstQueryValue(v: unknown): string {
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
}

const noContent = () => new Response(null, { status: 204 });

type Query = Record<string, unknown>;

/** MFA: 401 with exactly `{mfaId}`, not the error envelope (http-api.md §3.7). */
function authReply(outcome: AuthOutcome, query: Query, set: { status?: number | string }) {
  if (isMfaRequired(outcome)) {
    set.status = 401;
    return outcome;
  }
  return pickedResponse(outcome, firstQueryValue(query.fields));
}

export const recordsAuthRoutes = (ctx: RequestState) => {
  /** What every login endpoint passes to core besides its body. */
  const login = async (request: Request, params: { collection: string }, query: Query) => ({
    collection: params.collection,
    body: await ctx.body(request),
    requester: await ctx.auth(request),
    mfaId: firstQueryValue(query.mfaId),
    ip: ctx.ip(request),
    request: requestMeta(request),
    expand: firstQueryValue(query.expand),
  });
  const form = async (request: Request, params: { collection: string }) => ({
    collection: params.collection,
    body: await ctx.body(request),
  });

  return new Elysia({ name: 'http/records-auth' })
    .get('/api/collections/:collection/auth-methods', async ({ params, query }) =>
      pickedResponse(
        await listAuthMethods(ctx.core, params.collection),
        firstQueryValue(query.fields),
      ),
    )
    .post(
      '/api/collections/:collection/auth-with-password',
      async ({ request, params, query, set }) =>
        authReply(
          await authWithPassword(ctx.core, await login(request, params, query)),
          query,
          set,
        ),
    )
    .post('/api/collections/:collection/auth-with-otp', async ({ request, params, query, set }) =>
      authReply(await authWithOtp(ctx.core, await login(request, params, query)), query, set),
    )
    .post(
      '/api/collections/:collection/auth-with-oauth2',
      async ({ request, params, query, set }) =>
        authReply(await authWithOAuth2(ctx.core, await login(request, params, query)), query, set),
    )
    .post('/api/collections/:collection/request-otp', async ({ request, params, query }) => {
      const { otpId } = await requestOtp(ctx.core, await form(request, params));
      return pickedResponse({ otpId }, firstQueryValue(query.fields));
    })
    .post('/api/collections/:collection/auth-refresh', async ({ request, params, query }) => {
      const res = await authRefresh(ctx.core, {
        collection: params.collection,
        requester: await ctx.auth(request),
        ip: ctx.ip(request),
        request: requestMeta(request),
        expand: firstQueryValue(query.expand),
      });
      return pickedResponse(res, firstQueryValue(query.fields));
    })
    .post('/api/collections/:collection/request-verification', async ({ request, params }) => {
      await requestVerification(ctx.core, await form(request, params));
      return noContent();
    })
    .post('/api/collections/:collection/confirm-verification', async ({ request, params }) => {
      await confirmVerification(ctx.core, await form(request, params));
      return noContent();
    })
    .post('/api/collections/:collection/request-password-reset', async ({ request, params }) => {
      await requestPasswordReset(ctx.core, await form(request, params));
      return noContent();
    })
    .post('/api/collections/:collection/confirm-password-reset', async ({ request, params }) => {
      await confirmPasswordReset(ctx.core, await form(request, params));
      return noContent();
    })
    .post('/api/collections/:collection/request-email-change', async ({ request, params }) => {
      await requestEmailChange(ctx.core, {
        ...(await form(request, params)),
        requester: await ctx.auth(request),
      });
      return noContent();
    })
    .post('/api/collections/:collection/confirm-email-change', async ({ request, params }) => {
      await confirmEmailChange(ctx.core, await form(request, params));
      return noContent();
    })
    .post('/api/collections/:collection/impersonate/:id', async ({ request, params, query }) => {
      const requester = await ctx.requireSuperuser(request);
      const res = await impersonate(ctx.core, {
        collection: params.collection,
        id: params.id,
        body: await ctx.body(request),
        requester,
        ip: ctx.ip(request),
        request: requestMeta(request),
        expand: firstQueryValue(query.expand),
      });
      return pickedResponse(res, firstQueryValue(query.fields));
    });
};
