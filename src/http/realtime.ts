// Realtime routes (placeholder: filled in by the realtime module).
import { Elysia } from 'elysia';
import type { RequestContext } from './context.ts';

export const realtimeRoutes = (_ctx: RequestContext) => new Elysia({ name: 'http/realtime' });
