// Realtime routes (realtime.md): the SSE stream, the subscription POST, and the WebSocket upgrade.
import { Elysia } from 'elysia';
import { BadRequestError } from '../core/errors.ts';
import { parseSubscribeInput } from '../core/realtime/subscribe-input.ts';
import { realtimeOf } from '../realtime/runtime.ts';
import { openSse } from '../realtime/sse.ts';
import type { RequestState } from './request-state.ts';

export const realtimeRoutes = (ctx: RequestState) =>
  new Elysia({ name: 'http/realtime' })
    .get('/api/realtime', ({ request }) => {
      const realtime = realtimeOf(ctx.core);
      const response = openSse(realtime.broker, ctx.ip(request));
      // Bun ends a request idle for 10 s; a quiet event stream must stay open (realtime.md §1.2).
      realtime.server?.timeout(request, 0);
      return response;
    })
    .post('/api/realtime', async ({ request }) => {
      const input = parseSubscribeInput(await ctx.body(request));
      const auth = await ctx.auth(request);
      realtimeOf(ctx.core).broker.setSubscriptions(input.clientId, {
        ip: ctx.ip(request),
        auth,
        subscriptions: input.subscriptions,
      });
      return new Response(null, { status: 204 });
    })
    .get('/api/realtime/ws', ({ request }) => {
      const server = realtimeOf(ctx.core).server;
      const data = { ip: ctx.ip(request), client: null, chain: Promise.resolve() };
      if (!server?.upgrade(request, { data })) {
        throw new BadRequestError('Expected a WebSocket upgrade request.');
      }
      // Bun ignores the response of an upgraded request.
      return new Response(null);
    });
