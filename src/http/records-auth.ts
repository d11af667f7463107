// Auth routes of auth collections under /api/collections/{collection}/… (http-api.md §3.7–§3.17).
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
import type { RequestEvent } from './event.ts';
import { pickedResponse } from './fields-param.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

/** Only the first value of a query key counts (http-api.md §1.1); '' when absent. */
const param = (e: RequestEvent, name: string) => e.query.get(name) ?? '';

const noContent = () => new Response(null, { status: 204 });

/** MFA: 401 with exactly `{mfaId}`, not the error envelope (http-api.md §3.7). */
function authReply(e: RequestEvent, outcome: AuthOutcome) {
  if (isMfaRequired(outcome)) return e.json(401, outcome);
  return pickedResponse(outcome, param(e, 'fields'));
}

const BASE = '/api/collections/{collection}';

export const recordsAuthRoutes = (ctx: RequestState): RouteInit[] => {
  /** What every login endpoint passes to core besides its body. */
  const login = async (e: RequestEvent) => ({
    collection: e.params.collection!,
    body: await e.body(),
    requester: await e.resolveAuth(),
    mfaId: param(e, 'mfaId'),
    ip: e.realIP(),
    request: e.requestInfo(),
    expand: param(e, 'expand'),
  });
  const form = async (e: RequestEvent) => ({
    collection: e.params.collection!,
    body: await e.body(),
  });
  /** A route under /api/collections/{collection}/{action}, rate-limited as PocketBase tags it. */
  const route = (
    method: string,
    action: string,
    tags: readonly string[],
    handler: RouteInit['handler'],
  ): RouteInit => ({
    method,
    pattern: `${BASE}/${action}`,
    group: 'records-auth',
    name: `records-auth.${action}`,
    rateLimit: tags.length > 0 ? { tags, bucket: action } : undefined,
    handler,
  });

  return [
    route('GET', 'auth-methods', ['listAuthMethods'], async (e) =>
      pickedResponse(await listAuthMethods(ctx.core, e.params.collection!), param(e, 'fields')),
    ),
    route('POST', 'auth-with-password', ['authWithPassword', 'auth'], async (e) =>
      authReply(e, await authWithPassword(ctx.core, await login(e))),
    ),
    route('POST', 'auth-with-otp', ['authWithOTP', 'auth'], async (e) =>
      authReply(e, await authWithOtp(ctx.core, await login(e))),
    ),
    route('POST', 'auth-with-oauth2', ['authWithOAuth2', 'auth'], async (e) =>
      authReply(e, await authWithOAuth2(ctx.core, await login(e))),
    ),
    route('POST', 'request-otp', ['requestOTP'], async (e) => {
      const { otpId } = await requestOtp(ctx.core, await form(e));
      return pickedResponse({ otpId }, param(e, 'fields'));
    }),
    route('POST', 'auth-refresh', ['authRefresh'], async (e) => {
      const res = await authRefresh(ctx.core, {
        collection: e.params.collection!,
        requester: await e.resolveAuth(),
        ip: e.realIP(),
        request: e.requestInfo(),
        expand: param(e, 'expand'),
      });
      return pickedResponse(res, param(e, 'fields'));
    }),
    route('POST', 'request-verification', ['requestVerification'], async (e) => {
      await requestVerification(ctx.core, await form(e));
      return noContent();
    }),
    route('POST', 'confirm-verification', ['confirmVerification'], async (e) => {
      await confirmVerification(ctx.core, await form(e));
      return noContent();
    }),
    route('POST', 'request-password-reset', ['requestPasswordReset'], async (e) => {
      await requestPasswordReset(ctx.core, await form(e));
      return noContent();
    }),
    route('POST', 'confirm-password-reset', ['confirmPasswordReset'], async (e) => {
      await confirmPasswordReset(ctx.core, await form(e));
      return noContent();
    }),
    route('POST', 'request-email-change', ['requestEmailChange'], async (e) => {
      await requestEmailChange(ctx.core, {
        ...(await form(e)),
        requester: await e.resolveAuth(),
      });
      return noContent();
    }),
    route('POST', 'confirm-email-change', ['confirmEmailChange'], async (e) => {
      await confirmEmailChange(ctx.core, await form(e));
      return noContent();
    }),
    route('POST', 'impersonate/{id}', [], async (e) => {
      const requester = await e.requireSuperuser();
      const res = await impersonate(ctx.core, {
        collection: e.params.collection!,
        id: e.params.id!,
        body: await e.body(),
        requester,
        ip: e.realIP(),
        request: e.requestInfo(),
        expand: param(e, 'expand'),
      });
      return pickedResponse(res, param(e, 'fields'));
    }),
  ];
};
