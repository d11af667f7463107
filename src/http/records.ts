// Routes for records (placeholder: filled in by its module).
import { Elysia } from 'elysia';
import type { RequestContext } from './context.ts';

export const recordsRoutes = (_ctx: RequestContext) => new Elysia({ name: 'http/records' });
