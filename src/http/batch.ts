// POST /api/batch (placeholder: filled in by the batch module).
import { Elysia } from 'elysia';
import type { RequestContext } from './context.ts';

export const batchRoutes = (_ctx: RequestContext) => new Elysia({ name: 'http/batch' });
