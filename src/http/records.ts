// Record CRUD under /api/collections/:collection/records (http-api.md §3.1–§3.5).
import { Elysia } from 'elysia';
import type { Collection } from '../core/collections/model.ts';
import type { Core } from '../core/core.ts';
import type { AuthInfo } from '../core/records/auth-info.ts';
import { createRecord } from '../core/records/create.ts';
import { deleteRecord } from '../core/records/delete.ts';
import { applyExpand } from '../core/records/expand.ts';
import { listRecords } from '../core/records/list.ts';
import type { RecordData } from '../core/records/record.ts';
import type { RequestMeta } from '../core/records/request-info.ts';
import { assertRuleNotLocked } from '../core/records/rules.ts';
import { writableCollection } from '../core/records/save.ts';
import { serializeRecords } from '../core/records/serialize.ts';
import { collectionCached } from '../core/records/sql.ts';
import { updateRecord } from '../core/records/update.ts';
import { viewRecord } from '../core/records/view.ts';
import { pickedListResponse, pickedResponse } from './fields-param.ts';
import type { RequestState } from './request-state.ts';

const BASE = '/api/collections/:collection/records';

const queries = new WeakMap<Request, URLSearchParams>();

/** Only the first value of each query key counts (http-api.md §1.1). Parsed once per request. */
function queryOf(request: Request): URLSearchParams {
  let q = queries.get(request);
  if (!q) {
    q = new URL(request.url).searchParams;
    queries.set(request, q);
  }
  return q;
}

const contexts = new WeakMap<Request, string>();

/**
 * Marks a request handled on the server's behalf (a batch sub-request, an OAuth2 sign-up) so its
 * rules see `@request.context` = `context` instead of `default`.
 */
export function setRequestInfoContext(request: Request, context: string): void {
  contexts.set(request, context);
}

const metas = new WeakMap<Request, RequestMeta>();

/**
 * What `@request.method/query/headers/context` read (filter-and-rules.md §2.4). Built once per
 * request, and its query/headers maps only when a rule or filter actually reads them.
 */
export function requestMeta(request: Request): RequestMeta {
  let meta = metas.get(request);
  if (meta) return meta;
  let query: Record<string, string> | undefined;
  let headers: Record<string, string> | undefined;
  meta = {
    method: request.method,
    get query() {
      if (!query) {
        query = {};
        for (const [k, v] of queryOf(request)) if (!Object.hasOwn(query, k)) query[k] = v;
      }
      return query;
    },
    get headers() {
      if (!headers) {
        const h: Record<string, string> = {};
        request.headers.forEach((v, k) => {
          h[k] = v;
        });
        headers = h;
      }
      return headers;
    },
    get context() {
      return contexts.get(request) ?? 'default';
    },
  };
  metas.set(request, meta);
  return meta;
}

/** Records of one collection → their JSON for the requester, `?expand=` applied. */
async function recordsJSON(
  core: Core,
  c: Collection,
  records: RecordData[],
  auth: AuthInfo | null,
  meta: RequestMeta,
  expand: string | null,
): Promise<Record<string, unknown>[]> {
  const json = serializeRecords(core, c, records, { auth, meta });
  if (!expand) return json; // nothing to expand: skip the async step altogether
  await applyExpand(core, {
    collection: c,
    records,
    json,
    expand: expand ?? '',
    auth,
    request: meta,
  });
  return json;
}

const MIB = 1 << 20;

/**
 * http-api.md §1.1: a record write may carry the global cap plus each field's own maximum (file
 * maxSize × maxSelect, editor 5 MiB, json 1 MiB by default). Derived once per schema version.
 */
function recordBodyLimit(core: Core, c: Collection, base: number): number {
  return collectionCached(core, c, `bodyLimit:${base}`, () => {
    let extra = 0;
    for (const f of c.fields) {
      const size = Number(f.maxSize) || 0;
      if (f.type === 'file') extra += (size || 5 * MIB) * Math.max(1, Number(f.maxSelect) || 1);
      else if (f.type === 'editor') extra += size || 5 * MIB;
      else if (f.type === 'json') extra += size || MIB;
    }
    return base + extra;
  });
}

/** One record answered like a view: enriched, expanded, fields picked. */
async function oneRecord(
  core: Core,
  request: Request,
  c: Collection,
  record: RecordData,
  auth: AuthInfo | null,
): Promise<Response> {
  const q = queryOf(request);
  const meta = requestMeta(request);
  const [json] = await recordsJSON(core, c, [record], auth, meta, q.get('expand'));
  return pickedResponse(json, q.get('fields'));
}

/** `GET /api/collections/{collection}/records/{id}` with the path parameters already decoded. */
export type RecordView = (request: Request, collection: string, id: string) => Promise<Response>;

/**
 * GET one record, the hottest route: guests skip the auth promise, and a plain URL (no expand,
 * no fields picker) skips query parsing and the picker (bench/list.ts, view by id).
 */
export function recordView(ctx: RequestState): RecordView {
  const { core } = ctx;
  return async (request, collection, id) => {
    const c = core.collections.require(collection);
    const auth = request.headers.has('authorization') ? await ctx.auth(request) : null;
    const meta = requestMeta(request);
    const record = viewRecord(core, c, id, auth, meta);
    if (request.url.includes('?')) return oneRecord(core, request, c, record, auth);
    return ctx.json(serializeRecords(core, c, [record], { auth, meta })[0]);
  };
}

export const recordsRoutes = (ctx: RequestState, view: RecordView = recordView(ctx)) => {
  const { core } = ctx;
  const collectionOf = (idOrName: string) => core.collections.require(idOrName);
  const one = (request: Request, c: Collection, record: RecordData, auth: AuthInfo | null) =>
    oneRecord(core, request, c, record, auth);
  return new Elysia({ name: 'http/records' })
    .get(BASE, async ({ params, request }) => {
      const c = collectionOf(params.collection);
      const auth = await ctx.auth(request);
      const meta = requestMeta(request);
      const q = queryOf(request);
      const result = listRecords(
        core,
        c,
        auth,
        {
          page: q.get('page'),
          perPage: q.get('perPage'),
          sort: q.get('sort'),
          filter: q.get('filter'),
          skipTotal: q.get('skipTotal'),
        },
        meta,
      );
      const items = await recordsJSON(core, c, result.items, auth, meta, q.get('expand'));
      return pickedListResponse({ ...result, items }, q.get('fields'));
    })
    .get(`${BASE}/:id`, ({ params, request }) => view(request, params.collection, params.id))
    .post(
      BASE,
      async ({ params, request }) => {
        const c = collectionOf(params.collection);
        const auth = await ctx.auth(request);
        // View and locked-rule refusals come before reading the body, as in PocketBase.
        assertRuleNotLocked(writableCollection(core, c).createRule, auth);
        const body = await ctx.body(request, recordBodyLimit(core, c, ctx.bodyLimit));
        const meta = requestMeta(request);
        const record = await createRecord(core, { collection: c, body, auth, meta });
        return one(request, c, record, auth);
      },
      { parse: 'none' },
    )
    .patch(
      `${BASE}/:id`,
      async ({ params, request }) => {
        const c = collectionOf(params.collection);
        const auth = await ctx.auth(request);
        assertRuleNotLocked(writableCollection(core, c).updateRule, auth);
        const body = await ctx.body(request, recordBodyLimit(core, c, ctx.bodyLimit));
        const meta = requestMeta(request);
        const record = await updateRecord(core, { collection: c, id: params.id, body, auth, meta });
        return one(request, c, record, auth);
      },
      { parse: 'none' },
    )
    .delete(
      `${BASE}/:id`,
      async ({ params, request }) => {
        const c = collectionOf(params.collection);
        const auth = await ctx.auth(request);
        await deleteRecord(core, {
          collection: c,
          id: params.id,
          auth,
          meta: requestMeta(request),
        });
        return new Response(null, { status: 204 });
      },
      { parse: 'none' },
    );
};
