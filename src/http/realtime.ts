// Realtime routes (realtime.md): the SSE stream, the subscription POST, and the WebSocket upgrade.
import { BadRequestError, type ErrorData, NotFoundError, SatchelError } from '../core/errors.ts';
import { parseSubscribeInput } from '../core/realtime/subscribe-input.ts';
import { realtimeOf } from '../realtime/runtime.ts';
import { openSse } from '../realtime/sse.ts';
import { type RequestHooks, runRequestHook } from './request-hooks.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

export const realtimeRoutes = (ctx: RequestState, hooks: RequestHooks): RouteInit[] => [
  {
    method: 'GET',
    pattern: '/api/realtime',
    group: 'realtime',
    // As PocketBase: a stream that opened isn't logged (10,000 connects are 10,000 rows otherwise).
    skipSuccessLog: true,
    handler: (e) =>
      runRequestHook(hooks.onRealtimeConnectRequest, e, {}, () => {
        const realtime = realtimeOf(ctx.core);
        const response = openSse(realtime.broker, e.realIP());
        // Bun ends a request idle for 10 s; a quiet event stream must stay open (realtime.md §1.2).
        realtime.server?.timeout(e.request, 0);
        return response;
      }),
  },
  {
    method: 'POST',
    pattern: '/api/realtime',
    group: 'realtime',
    handler: async (e) => {
      const input = parseSubscribeInput(await e.body());
      const auth = await e.resolveAuth();
      const fields = { clientId: input.clientId, subscriptions: input.subscriptions };
      return runRequestHook(hooks.onRealtimeSubscribeRequest, e, fields, async (x) => {
        const realtime = realtimeOf(ctx.core);
        if (realtime.relay && !realtime.broker.find(input.clientId)) {
          // Another worker holds the stream (`--workers=N`): it applies the POST and answers.
          const answer = await realtime.relay.forward({
            kind: 'subscribe',
            input: {
              clientId: input.clientId,
              ip: e.realIP(),
              authorization: e.request.headers.get('authorization'),
              subscriptions: x.subscriptions,
            },
          });
          if (answer.status === 404) throw new NotFoundError('Missing or invalid client id.');
          if (answer.status !== 204) {
            throw new SatchelError(answer.status, answer.message ?? '', answer.data as ErrorData);
          }
          return new Response(null, { status: 204 });
        }
        realtime.broker.setSubscriptions(input.clientId, {
          ip: e.realIP(),
          auth,
          subscriptions: x.subscriptions,
        });
        return new Response(null, { status: 204 });
      });
    },
  },
  {
    method: 'GET',
    pattern: '/api/realtime/ws',
    group: 'realtime',
    // Like the event stream: an upgrade that succeeded isn't logged.
    skipSuccessLog: true,
    handler: (e) => {
      const server = realtimeOf(ctx.core).server;
      const data = { ip: e.realIP(), client: null, chain: null };
      if (!server?.upgrade(e.request, { data })) {
        throw new BadRequestError('Expected a WebSocket upgrade request.');
      }
      // Bun ignores the response of an upgraded request.
      return new Response(null);
    },
  },
];
