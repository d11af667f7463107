// GET|POST /api/oauth2-redirect (http-api.md §3.11, realtime.md §5): hands the provider's code to the SDK's SSE client.
import { rememberAppleName } from '../core/auth/oauth2/apple-name.ts';
import { deliverOAuth2 } from '../core/realtime/relay.ts';
import { realtimeOf } from '../realtime/runtime.ts';
import type { RequestEvent } from './event.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

const SUCCESS = '../_/#/auth/oauth2-redirect-success';
const FAILURE = '../_/#/auth/oauth2-redirect-failure';

/** Form values arrive type-inferred (a numeric code as a number): the wire text is wanted. */
function text(v: unknown): string {
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

export const oauth2RedirectRoutes = (ctx: RequestState): RouteInit[] => {
  /** `state` is the realtime client id, held by this worker or (`--workers`) a sibling. */
  const bridge = async (e: RequestEvent, input: Record<string, unknown>, status: 303 | 307) => {
    const state = text(input.state);
    const code = text(input.code);
    const error = text(input.error);
    const data: Record<string, string> = { state, code };
    if (error) data.error = error;
    const forwarded = { clientId: state, ip: e.realIP(), data };
    const realtime = realtimeOf(ctx.core);
    let delivered = deliverOAuth2(realtime.broker, forwarded);
    if (!delivered && state && realtime.relay) {
      const answer = await realtime.relay.forward({ kind: 'oauth2', input: forwarded });
      delivered = answer.status === 204;
    }
    if (delivered) {
      // Apple (form_post) sends the name only here, once: kept for the code's auth-with-oauth2 call.
      const appleUser = text(input.user);
      if (appleUser && code && !error) rememberAppleName(ctx.core, code, appleUser);
    }
    const ok = delivered && !error && code !== '';
    return new Response(null, { status, headers: { location: ok ? SUCCESS : FAILURE } });
  };
  return [
    {
      method: 'GET',
      pattern: '/api/oauth2-redirect',
      group: 'oauth2-redirect',
      handler: (e) => {
        const params = Object.fromEntries(new URL(e.request.url).searchParams);
        return bridge(e, params, 307);
      },
    },
    {
      method: 'POST',
      pattern: '/api/oauth2-redirect',
      group: 'oauth2-redirect',
      handler: async (e) => {
        // Apple posts `application/x-www-form-urlencoded`; an unreadable body is just a failed redirect.
        const form = await e.body().catch(() => ({}));
        return bridge(e, form, 303);
      },
    },
  ];
};
