// Routes for settings (placeholder: filled in by its module).
import { Elysia } from 'elysia';
import type { RequestContext } from './context.ts';

export const settingsRoutes = (_ctx: RequestContext) => new Elysia({ name: 'http/settings' });
