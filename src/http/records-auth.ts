// Auth routes of auth collections under /api/collections/{collection}/… (http-api.md §3.7–§3.17).
import { requireAuthCollection } from '../core/auth/auth-collection.ts';
import { listAuthMethods } from '../core/auth/auth-methods.ts';
import { type AuthOutcome, type AuthResponse, isMfaRequired } from '../core/auth/auth-response.ts';
import { authWithOtp, requestOtp } from '../core/auth/otp/otp.ts';
import { authWithPassword } from '../core/auth/password/auth-with-password.ts';
import { authRefresh } from '../core/auth/tokens/auth-refresh.ts';
import { impersonate } from '../core/auth/tokens/impersonate.ts';
import type { RequestEvent } from './event.ts';
import { pickedResponse } from './fields-param.ts';
import { type RequestHooks, runRequestHook } from './request-hooks.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

/** Only the first value of a query key counts (http-api.md §1.1); '' when absent. */
const param = (e: RequestEvent, name: string) => e.queryValue(name) ?? '';

const noContent = () => new Response(null, { status: 204 });

/** The mail flows (verification, password reset, email change) load with their first request. */
const verification = () => import('../core/auth/mail-flows/verification.ts');
const passwordReset = () => import('../core/auth/mail-flows/password-reset.ts');
const emailChange = () => import('../core/auth/mail-flows/email-change.ts');

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** `body` with the `keys` a request hook handler changed on its event (as submitted otherwise). */
function withChanges<T extends object>(
  body: Record<string, unknown>,
  submitted: T,
  event: T,
  keys: (keyof T & string)[],
): Record<string, unknown> {
  let out = body;
  for (const k of keys) {
    if (event[k] === submitted[k]) continue;
    if (out === body) out = { ...body };
    out[k] = event[k];
  }
  return out;
}

/**
 * MFA: 401 with exactly `{mfaId}`, not the error envelope (http-api.md §3.7). A completed auth
 * goes through `onRecordAuthRequest`, whose handlers may change the token, record and meta sent.
 */
function authReply(
  ctx: RequestState,
  hooks: RequestHooks,
  e: RequestEvent,
  outcome: AuthOutcome,
  authMethod: string,
): Response | Promise<Response> {
  if (isMfaRequired(outcome)) return e.json(401, outcome);
  const hook = hooks.onRecordAuthRequest;
  if (hook.length === 0) return pickedResponse(outcome, param(e, 'fields'));
  const fields = {
    collection: requireAuthCollection(ctx.core, e.params.collection!),
    record: outcome.record,
    token: outcome.token,
    meta: outcome.meta,
    authMethod,
  };
  return runRequestHook(hook, e, fields, (x) => {
    const out: AuthResponse = { token: x.token, record: x.record };
    if (x.meta) out.meta = x.meta;
    return pickedResponse(out, param(e, 'fields'));
  });
}

const BASE = '/api/collections/{collection}';

export const recordsAuthRoutes = (ctx: RequestState, hooks: RequestHooks): RouteInit[] => {
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
  const { core } = ctx;
  // PocketBase's own 404 wording for an unknown or non-auth collection (as the core's flows give it).
  const collectionOf = (e: RequestEvent) => requireAuthCollection(core, e.params.collection!);
  /** An e-mail flow route: its body through the request hook, then `action`. */
  const withForm = async (
    e: RequestEvent,
    hook: RequestHooks['onRecordRequestOTPRequest'],
    action: (input: { collection: string; body: Record<string, unknown> }) => Promise<Response>,
  ): Promise<Response> => {
    const body = await e.body();
    const fields = { collection: collectionOf(e), body };
    return runRequestHook(hook, e, fields, (x) =>
      action({ collection: e.params.collection!, body: x.body }),
    );
  };
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
    route('POST', 'auth-with-password', ['authWithPassword', 'auth'], async (e) => {
      const input = await login(e);
      const b = input.body;
      const fields = {
        collection: collectionOf(e),
        identity: str(b.identity),
        identityField: str(b.identityField),
        password: str(b.password),
      };
      const submitted = { ...fields };
      return runRequestHook(hooks.onRecordAuthWithPasswordRequest, e, fields, async (x) => {
        const body = withChanges(b, submitted, x, ['identity', 'identityField', 'password']);
        return authReply(
          ctx,
          hooks,
          e,
          await authWithPassword(core, { ...input, body }),
          'password',
        );
      });
    }),
    route('POST', 'auth-with-otp', ['authWithOTP', 'auth'], async (e) => {
      const input = await login(e);
      const fields = { collection: collectionOf(e), otpId: str(input.body.otpId) };
      const submitted = { ...fields };
      return runRequestHook(hooks.onRecordAuthWithOTPRequest, e, fields, async (x) => {
        const body = withChanges(input.body, submitted, x, ['otpId']);
        return authReply(ctx, hooks, e, await authWithOtp(core, { ...input, body }), 'otp');
      });
    }),
    route('POST', 'auth-with-oauth2', ['authWithOAuth2', 'auth'], async (e) => {
      const input = await login(e);
      const fields = { collection: collectionOf(e), providerName: str(input.body.provider) };
      const submitted = { ...fields };
      return runRequestHook(hooks.onRecordAuthWithOAuth2Request, e, fields, async (x) => {
        const changed = withChanges({}, submitted, x, ['providerName']);
        const body =
          'providerName' in changed
            ? { ...input.body, provider: changed.providerName }
            : input.body;
        // The OAuth2 client (arctic, the providers) loads with the first sign-in: it waits on the
        // provider's server anyway, and a start doesn't need it.
        const { authWithOAuth2 } = await import('../core/auth/oauth2/auth-with-oauth2.ts');
        return authReply(ctx, hooks, e, await authWithOAuth2(core, { ...input, body }), 'oauth2');
      });
    }),
    route('POST', 'request-otp', ['requestOTP'], (e) =>
      withForm(e, hooks.onRecordRequestOTPRequest, async (input) => {
        const { otpId } = await requestOtp(core, input);
        return pickedResponse({ otpId }, param(e, 'fields'));
      }),
    ),
    route('POST', 'auth-refresh', ['authRefresh'], (e) => {
      const fields = { collection: collectionOf(e) };
      return runRequestHook(hooks.onRecordAuthRefreshRequest, e, fields, async () => {
        const res = await authRefresh(core, {
          collection: e.params.collection!,
          requester: await e.resolveAuth(),
          // Read only for a superuser's refresh (settings.superuserIPs): the peer lookup is not free.
          get ip() {
            return e.realIP();
          },
          request: e.requestInfo(),
          expand: param(e, 'expand'),
        });
        return authReply(ctx, hooks, e, res, '');
      });
    }),
    route('POST', 'request-verification', ['requestVerification'], (e) =>
      withForm(e, hooks.onRecordRequestVerificationRequest, async (input) => {
        await (await verification()).requestVerification(core, input);
        return noContent();
      }),
    ),
    route('POST', 'confirm-verification', ['confirmVerification'], (e) =>
      withForm(e, hooks.onRecordConfirmVerificationRequest, async (input) => {
        await (await verification()).confirmVerification(core, input);
        return noContent();
      }),
    ),
    route('POST', 'request-password-reset', ['requestPasswordReset'], (e) =>
      withForm(e, hooks.onRecordRequestPasswordResetRequest, async (input) => {
        await (await passwordReset()).requestPasswordReset(core, input);
        return noContent();
      }),
    ),
    route('POST', 'confirm-password-reset', ['confirmPasswordReset'], (e) =>
      withForm(e, hooks.onRecordConfirmPasswordResetRequest, async (input) => {
        await (await passwordReset()).confirmPasswordReset(core, input);
        return noContent();
      }),
    ),
    route('POST', 'request-email-change', ['requestEmailChange'], (e) =>
      withForm(e, hooks.onRecordRequestEmailChangeRequest, async (input) => {
        await (await emailChange()).requestEmailChange(core, {
          ...input,
          requester: await e.resolveAuth(),
        });
        return noContent();
      }),
    ),
    route('POST', 'confirm-email-change', ['confirmEmailChange'], (e) =>
      withForm(e, hooks.onRecordConfirmEmailChangeRequest, async (input) => {
        await (await emailChange()).confirmEmailChange(core, input);
        return noContent();
      }),
    ),
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
