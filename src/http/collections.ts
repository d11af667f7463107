// Routes for collections (placeholder: filled in by its module).
import { Elysia } from 'elysia';
import type { RequestContext } from './context.ts';

export const collectionsRoutes = (_ctx: RequestContext) => new Elysia({ name: 'http/collections' });
