// Collections API (http-api.md §7), superuser only: CRUD, import, truncate, scaffolds, providers, dry run.
import { collectionToJSON } from '../core/collections/codec.ts';
import { dryRunView } from '../core/collections/dry-run-view.ts';
import { importCollections } from '../core/collections/import.ts';
import { listCollections } from '../core/collections/list.ts';
import { listOAuth2Providers } from '../core/collections/oauth2-providers.ts';
import { createCollection, deleteCollection, updateCollection } from '../core/collections/save.ts';
import { collectionScaffolds } from '../core/collections/scaffolds.ts';
import { BadRequestError, NotFoundError } from '../core/errors.ts';
import { truncateCollection } from '../core/records/truncate.ts';
import { fieldsOf, pickedListResponse, pickedResponse } from './fields-param.ts';
import type { RequestState } from './request-state.ts';
import type { Middleware, RouteInit } from './routes.ts';

const GO_BOOLS: Record<string, boolean> = {
  '1': true,
  t: true,
  T: true,
  TRUE: true,
  true: true,
  True: true,
  '0': false,
  f: false,
  F: false,
  FALSE: false,
  false: false,
  False: false,
};

/** http-api.md §1.5: integer or 400; `≤0` → default; perPage clamped to 1000. */
function intParam(v: string | null, name: string, fallback: number): number {
  if (v === null || v === '') return fallback;
  if (!/^[+-]?\d+$/.test(v.trim())) throw new BadRequestError(`Invalid ${name} parameter.`);
  const n = Number(v.trim());
  return n <= 0 ? fallback : n;
}

function listQuery(request: Request) {
  const qs = new URL(request.url).searchParams;
  const skip = qs.get('skipTotal');
  if (skip !== null && skip !== '' && !(skip in GO_BOOLS))
    throw new BadRequestError('Invalid skipTotal parameter.');
  return {
    page: intParam(qs.get('page'), 'page', 1),
    perPage: Math.min(intParam(qs.get('perPage'), 'perPage', 30), 1000),
    sort: qs.get('sort') ?? '',
    filter: qs.get('filter') ?? '',
    skipTotal: skip ? (GO_BOOLS[skip] ?? false) : false,
  };
}

const noContent = () => new Response(null, { status: 204 });

/** Every 2xx JSON answer goes through the `?fields=` picker (http-api.md §1.6). */
const json = (request: Request, data: unknown) => pickedResponse(data, fieldsOf(request));

/** Guards every route of this group, before its handler reads anything. */
const superusersOnly: Middleware = async (e) => {
  await e.requireSuperuser();
  return e.next();
};

export const collectionsRoutes = (ctx: RequestState): RouteInit[] => {
  const route = (method: string, pattern: string, handler: RouteInit['handler']): RouteInit => ({
    method,
    pattern,
    group: 'collections',
    middlewares: [superusersOnly],
    handler,
  });
  return [
    route('GET', '/api/collections', ({ request }) =>
      pickedListResponse(listCollections(ctx.core, listQuery(request)), fieldsOf(request)),
    ),
    route('POST', '/api/collections', async (e) =>
      json(e.request, collectionToJSON(await createCollection(ctx.core, await e.body()))),
    ),
    route('PUT', '/api/collections/import', async (e) => {
      const body = await e.body();
      await importCollections(ctx.core, body.collections, body.deleteMissing === true);
      return noContent();
    }),
    route('GET', '/api/collections/meta/scaffolds', ({ request }) =>
      json(request, collectionScaffolds()),
    ),
    route('GET', '/api/collections/meta/oauth2-providers', ({ request }) =>
      json(request, listOAuth2Providers()),
    ),
    route('POST', '/api/collections/meta/dry-run-view', async (e) =>
      json(e.request, dryRunView(ctx.core, (await e.body()).query)),
    ),
    route('GET', '/api/collections/{collection}', ({ params, request }) => {
      const c = ctx.core.collections.find(params.collection!);
      if (!c) throw new NotFoundError();
      return json(request, collectionToJSON(c));
    }),
    route('PATCH', '/api/collections/{collection}', async (e) => {
      const patch = await e.body();
      return json(
        e.request,
        collectionToJSON(await updateCollection(ctx.core, e.params.collection!, patch)),
      );
    }),
    route('DELETE', '/api/collections/{collection}', async ({ params }) => {
      await deleteCollection(ctx.core, params.collection!);
      return noContent();
    }),
    route('DELETE', '/api/collections/{collection}/truncate', async ({ params }) => {
      await truncateCollection(ctx.core, params.collection!);
      return noContent();
    }),
  ];
};
