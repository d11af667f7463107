// The admin dashboard under /_/ (placeholder: filled in by the dashboard module).
import { Elysia } from 'elysia';
import type { RequestContext } from './context.ts';

export const dashboardRoutes = (_ctx: RequestContext) => new Elysia({ name: 'http/dashboard' });
