// Collections API (http-api.md §7), superuser only: CRUD, import, truncate, scaffolds, providers, dry run.
import { collectionToJSON } from '../core/collections/codec.ts';
import { dryRunView } from '../core/collections/dry-run-view.ts';
import { importCollections } from '../core/collections/import.ts';
import { listCollections } from '../core/collections/list.ts';
import type { Collection } from '../core/collections/model.ts';
import { listOAuth2Providers } from '../core/collections/oauth2-providers.ts';
import { createCollection, deleteCollection, updateCollection } from '../core/collections/save.ts';
import { collectionScaffolds } from '../core/collections/scaffolds.ts';
import { apiErrorOr, BadRequestError, NotFoundError } from '../core/errors.ts';
import { truncateCollection } from '../core/records/truncate.ts';
import { fieldsOf, pickedListResponse, pickedResponse } from './fields-param.ts';
import { type RequestHooks, runRequestHook } from './request-hooks.ts';
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

/**
 * What PocketBase answers when a user hook fails a collection write: the save's message with the
 * raw error (create/update: superusers see it there, as in PocketBase), or without it (delete).
 */
async function failing<T>(prefix: string, write: () => Promise<T>, withCause = true): Promise<T> {
  try {
    return await write();
  } catch (err) {
    throw apiErrorOr(
      err,
      () => new BadRequestError(withCause ? prefix + String((err as Error).cause ?? err) : prefix),
    );
  }
}

/** Guards every route of this group, before its handler reads anything. */
const superusersOnly: Middleware = async (e) => {
  await e.requireSuperuser();
  return e.next();
};

export const collectionsRoutes = (ctx: RequestState, hooks: RequestHooks): RouteInit[] => {
  const route = (method: string, pattern: string, handler: RouteInit['handler']): RouteInit => ({
    method,
    pattern,
    group: 'collections',
    middlewares: [superusersOnly],
    handler,
  });
  return [
    route('GET', '/api/collections', (e) => {
      const result = listCollections(ctx.core, listQuery(e.request));
      return runRequestHook(hooks.onCollectionsListRequest, e, { result }, (x) =>
        pickedListResponse(x.result, fieldsOf(e.request)),
      );
    }),
    route('POST', '/api/collections', async (e) => {
      const fields = { collection: null as Collection | null, body: await e.body() };
      return runRequestHook(hooks.onCollectionCreateRequest, e, fields, async (x) => {
        x.collection = await failing('Failed to create collection. Raw error: \n', () =>
          createCollection(ctx.core, x.body),
        );
        return json(e.request, collectionToJSON(x.collection));
      });
    }),
    route('PUT', '/api/collections/import', async (e) => {
      const body = await e.body();
      const fields = {
        collectionsData: body.collections,
        deleteMissing: body.deleteMissing === true,
      };
      return runRequestHook(hooks.onCollectionsImportRequest, e, fields, async (x) => {
        await importCollections(ctx.core, x.collectionsData, x.deleteMissing);
        return noContent();
      });
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
    route('GET', '/api/collections/{collection}', (e) => {
      const c = ctx.core.collections.find(e.params.collection!);
      if (!c) throw new NotFoundError();
      return runRequestHook(hooks.onCollectionViewRequest, e, { collection: c, body: {} }, (x) =>
        json(e.request, collectionToJSON(x.collection ?? c)),
      );
    }),
    route('PATCH', '/api/collections/{collection}', async (e) => {
      const body = await e.body();
      const c = ctx.core.collections.find(e.params.collection!);
      if (!c) throw new NotFoundError();
      return runRequestHook(
        hooks.onCollectionUpdateRequest,
        e,
        { collection: c, body },
        async (x) => {
          x.collection = await failing('Failed to update collection. Raw error: \n', () =>
            updateCollection(ctx.core, c.id, x.body),
          );
          return json(e.request, collectionToJSON(x.collection));
        },
      );
    }),
    route('DELETE', '/api/collections/{collection}', (e) => {
      const c = ctx.core.collections.find(e.params.collection!);
      if (!c) throw new NotFoundError();
      return runRequestHook(
        hooks.onCollectionDeleteRequest,
        e,
        { collection: c, body: {} },
        async () => {
          await failing(
            'Failed to delete collection',
            () => deleteCollection(ctx.core, c.id),
            false,
          );
          return noContent();
        },
      );
    }),
    route('DELETE', '/api/collections/{collection}/truncate', async ({ params }) => {
      await truncateCollection(ctx.core, params.collection!);
      return noContent();
    }),
  ];
};
