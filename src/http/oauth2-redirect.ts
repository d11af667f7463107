// GET|POST /api/oauth2-redirect (http-api.md §3.11, realtime.md §5): hands the provider's code to the SDK's SSE client.
import { Elysia } from 'elysia';
import { rememberAppleName } from '../core/auth/oauth2/apple-name.ts';
import { realtimeOf } from '../realtime/runtime.ts';
import type { RequestState } from './request-state.ts';

const TOPIC = '@oauth2';
const SUCCESS = '../_/#/auth/oauth2-redirect-success';
const FAILURE = '../_/#/auth/oauth2-redirect-failure';

/** Form values arrive type-inferred (a numeric code as a number): the wire text is wanted. */
function text(v: unknown): string {
  if (typeof v === 'string') return v;
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

export const oauth2RedirectRoutes = (ctx: RequestState) => {
  /**
   * `state` is the realtime client id; only a client subscribed to `@oauth2` from the same IP gets
   * the code (so a leaked state can't be used from elsewhere), and only once.
   */
  const bridge = (request: Request, input: Record<string, unknown>, status: 303 | 307) => {
    const state = text(input.state);
    const code = text(input.code);
    const error = text(input.error);
    const client = state ? realtimeOf(ctx.core).broker.find(state) : undefined;
    const valid =
      client !== undefined &&
      !client.closed &&
      client.topics.has(TOPIC) &&
      client.ip === ctx.ip(request);
    if (valid) {
      // Apple (form_post) sends the name only here, once: kept for the code's auth-with-oauth2 call.
      const appleUser = text(input.user);
      if (appleUser && code && !error) rememberAppleName(ctx.core, code, appleUser);
      const data: Record<string, string> = { state, code };
      if (error) data.error = error;
      client.deliver(TOPIC, JSON.stringify(data));
      client.topics.delete(TOPIC);
    }
    const ok = valid && !error && code !== '';
    return new Response(null, { status, headers: { location: ok ? SUCCESS : FAILURE } });
  };
  return new Elysia({ name: 'http/oauth2-redirect' })
    .get('/api/oauth2-redirect', ({ request }) => {
      const params = Object.fromEntries(new URL(request.url).searchParams);
      return bridge(request, params, 307);
    })
    .post('/api/oauth2-redirect', async ({ request }) => {
      // Apple posts `application/x-www-form-urlencoded`; an unreadable body is just a failed redirect.
      const form = await ctx.body(request).catch(() => ({}));
      return bridge(request, form, 303);
    });
};
