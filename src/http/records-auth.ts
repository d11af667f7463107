// Routes for records-auth (placeholder: filled in by its module).
import { Elysia } from 'elysia';
import type { RequestContext } from './context.ts';

export const recordsAuthRoutes = (_ctx: RequestContext) =>
  new Elysia({ name: 'http/records-auth' });
