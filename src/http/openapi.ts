// GET /api/openapi.json (superusers, or anyone when the Satchel setting allows) and the
// Satchel-only settings it reads, GET|PATCH /api/satchel/settings (superusers).
import pkg from '../../package.json' with { type: 'json' };
import {
  readSatchelParams,
  satchelParamsView,
  updateSatchelParams,
} from '../core/settings/satchel-params.ts';
import { bodySpecOf } from './bodies/index.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit, RouteTable } from './routes.ts';

export const openapiRoutes = (ctx: RequestState, table: RouteTable): RouteInit[] => [
  {
    method: 'GET',
    pattern: '/api/openapi.json',
    group: 'openapi',
    name: 'openapi.document',
    handler: async (e) => {
      if (!readSatchelParams(ctx.core.store.reader, ctx.core.settings).openapi.public)
        await e.requireSuperuser();
      // The document builder (and TypeBox) loads with the first request for it, not at start.
      const { openAPIDocument } = await import('../core/schema/openapi.ts');
      const doc = openAPIDocument(ctx.core.collections.all(), {
        title: ctx.core.settings.get().meta.appName,
        version: pkg.version,
        serverURL: new URL(e.request.url).origin,
        routes: table.routes().map((r) => ({ ...r, body: bodySpecOf(r) })),
      });
      return ctx.json(doc);
    },
  },
  {
    method: 'GET',
    pattern: '/api/satchel/settings',
    group: 'openapi',
    name: 'satchel.settings.view',
    handler: async (e) => {
      await e.requireSuperuser();
      return ctx.json(
        satchelParamsView(readSatchelParams(ctx.core.store.reader, ctx.core.settings)),
      );
    },
  },
  {
    method: 'PATCH',
    pattern: '/api/satchel/settings',
    group: 'openapi',
    name: 'satchel.settings.update',
    handler: async (e) => {
      await e.requireSuperuser();
      return ctx.json(
        satchelParamsView(
          await updateSatchelParams(ctx.core.store, ctx.core.settings, await e.body()),
        ),
      );
    },
  },
];
