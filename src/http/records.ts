// Record CRUD under /api/collections/:collection/records (http-api.md §3.1–§3.5).
import type { Collection } from '../core/collections/model.ts';
import type { Core } from '../core/core.ts';
import { apiErrorOr, BadRequestError } from '../core/errors.ts';
import type { AuthInfo } from '../core/records/auth-info.ts';
import { recordsFromRows } from '../core/records/codec.ts';
import { createRecord } from '../core/records/create.ts';
import { deleteRecord } from '../core/records/delete.ts';
import { hasEnrichHooks, serializeEnriched } from '../core/records/enrich.ts';
import { applyExpand } from '../core/records/expand.ts';
import { findRecordById } from '../core/records/find.ts';
import { listRecords, listRows } from '../core/records/list.ts';
import type { RecordData } from '../core/records/record.ts';
import type { RequestMeta } from '../core/records/request-info.ts';
import { assertRuleNotLocked } from '../core/records/rules.ts';
import {
  CREATE_FAILED,
  REQUIRED_REFERENCE,
  UPDATE_FAILED,
  writableCollection,
} from '../core/records/save.ts';
import { serializeRecords, serializeRows } from '../core/records/serialize.ts';
import { collectionCached } from '../core/records/sql.ts';
import { updateRecord } from '../core/records/update.ts';
import { viewRecord } from '../core/records/view.ts';
import type { RequestEvent } from './event.ts';
import { pickedListResponse, pickedResponse } from './fields-param.ts';
import { bodyWithChanges, draftRecord } from './record-draft.ts';
import { type RequestHooks, runRequestHook } from './request-hooks.ts';
import type { RequestState } from './request-state.ts';
import type { RouteInit } from './routes.ts';

const BASE = '/api/collections/{collection}/records';

/**
 * Records of one collection → their JSON for the requester, `?expand=` applied. Without enrich
 * hooks the JSON comes back at once (no promise to wait on); with them, a promise of it.
 */
function recordsJSON(
  core: Core,
  c: Collection,
  records: RecordData[],
  auth: AuthInfo | null,
  meta: RequestMeta,
  expand: string | null,
): Record<string, unknown>[] | Promise<Record<string, unknown>[]> {
  if (hasEnrichHooks(core)) return enrichedJSON(core, c, records, auth, meta, expand);
  const json = serializeRecords(core, c, records, { auth, meta, expandSlot: !!expand });
  if (!expand) return json; // nothing to expand: skip the expand step altogether
  const pending = applyExpand(core, { collection: c, records, json, expand, auth, request: meta });
  return pending ? pending.then(() => json) : json;
}

async function enrichedJSON(
  core: Core,
  c: Collection,
  records: RecordData[],
  auth: AuthInfo | null,
  meta: RequestMeta,
  expand: string | null,
): Promise<Record<string, unknown>[]> {
  const enriched = await serializeEnriched(core, c, records, { auth, meta });
  if (expand) {
    await applyExpand(core, {
      collection: c,
      records: enriched.records,
      json: enriched.json,
      expand,
      auth,
      request: meta,
    });
  }
  return enriched.json;
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
  e: RequestEvent,
  c: Collection,
  record: RecordData,
  auth: AuthInfo | null,
): Promise<Response> {
  const q = e.query;
  const meta = e.requestInfo();
  const [json] = await recordsJSON(core, c, [record], auth, meta, q.get('expand'));
  return pickedResponse(json, q.get('fields'));
}

/**
 * GET one record, the hottest route: guests skip the auth promise, and a plain URL (no expand,
 * no fields picker) skips query parsing and the picker (bench/list.ts, view by id).
 */
function recordView(ctx: RequestState, hooks: RequestHooks) {
  const { core } = ctx;
  const hook = hooks.onRecordViewRequest;
  // A guest's view answers at once (no promise; http/index.ts sends it as it is).
  const view = (e: RequestEvent, c: Collection, auth: AuthInfo | null) => {
    const request = e.request;
    const meta = e.requestInfo();
    const record = viewRecord(core, c, e.params.id!, auth, meta);
    // Checked, not awaited: with no handler bound the view pays nothing for the hook.
    if (hook.length > 0) {
      return runRequestHook(hook, e, { collection: c, record }, (x) =>
        oneRecord(core, e, x.collection, x.record ?? record, auth),
      );
    }
    if (request.url.includes('?') || hasEnrichHooks(core))
      return oneRecord(core, e, c, record, auth);
    return ctx.json(serializeRecords(core, c, [record], { auth, meta })[0]);
  };
  return (e: RequestEvent): Response | Promise<Response> => {
    const c = core.collections.require(e.params.collection!);
    return e.withAuth((auth) => view(e, c, auth));
  };
}

export const recordsRoutes = (ctx: RequestState, hooks: RequestHooks): RouteInit[] => {
  const { core } = ctx;
  const collectionOf = (idOrName: string) => core.collections.require(idOrName);
  // A plain URL (no expand, no fields picker; the usual create/update) skips query parsing.
  const one = (e: RequestEvent, c: Collection, record: RecordData, auth: AuthInfo | null) =>
    e.request.url.includes('?') || hasEnrichHooks(core)
      ? oneRecord(core, e, c, record, auth)
      : ctx.json(serializeRecords(core, c, [record], { auth, meta: e.requestInfo() })[0]);
  /** GET the list (http-api.md §3.1) as `auth` sees it. */
  const list = (
    e: RequestEvent,
    c: Collection,
    auth: AuthInfo | null,
  ): Response | Promise<Response> => {
    const meta = e.requestInfo();
    const q = e.query;
    const query = {
      page: q.get('page'),
      perPage: q.get('perPage'),
      sort: q.get('sort'),
      filter: q.get('filter'),
      skipTotal: q.get('skipTotal'),
    };
    // Nothing to hand records to (no list hook, no enrich hook, no expand): rows go straight
    // to their JSON, as recordsJSON would make it.
    if (hooks.onRecordsListRequest.length === 0 && !hasEnrichHooks(core) && !q.get('expand')) {
      const { rows, page, perPage, totalItems, totalPages } = listRows(core, c, auth, query, meta);
      const items = serializeRows(core, c, rows, auth);
      if (items) {
        const envelope = { items, page, perPage, totalItems, totalPages };
        return pickedListResponse(envelope, q.get('fields'));
      }
      const result = { items: recordsFromRows(c, rows), page, perPage, totalItems, totalPages };
      const json = serializeRecords(core, c, result.items, { auth, meta });
      return pickedListResponse({ ...result, items: json }, q.get('fields'));
    }
    const result = listRecords(core, c, auth, query, meta);
    const listed = (items: Record<string, unknown>[]) =>
      pickedListResponse({ ...result, items }, q.get('fields'));
    if (hooks.onRecordsListRequest.length === 0) {
      // No hook around the default action: the JSON (expanded) without the hook's promises.
      const items = recordsJSON(core, c, result.items, auth, meta, q.get('expand'));
      return Array.isArray(items) ? listed(items) : items.then(listed);
    }
    const fields = { collection: c, records: result.items, result };
    return runRequestHook(hooks.onRecordsListRequest, e, fields, async (x) => {
      const items = await recordsJSON(core, x.collection, x.records, auth, meta, q.get('expand'));
      return pickedListResponse({ ...x.result, items }, q.get('fields'));
    });
  };
  const group = 'records';
  const tags = (tag: string, bucket: string) => ({ tags: [tag], bucket });
  return [
    {
      method: 'GET',
      pattern: BASE,
      group,
      name: 'records.list',
      rateLimit: tags('list', 'records list'),
      // A guest's list answers at once, as a guest's view (no promise to settle).
      handler: (e) => {
        const c = collectionOf(e.params.collection!);
        return e.withAuth((auth) => list(e, c, auth));
      },
    },
    {
      method: 'GET',
      pattern: `${BASE}/{id}`,
      group,
      name: 'records.view',
      rateLimit: tags('view', 'records one'),
      handler: recordView(ctx, hooks),
    },
    {
      method: 'POST',
      pattern: BASE,
      group,
      name: 'records.create',
      bodyLimit: 'route',
      rateLimit: tags('create', 'records list'),
      batch: 'create',
      handler: async (e) => {
        const c = collectionOf(e.params.collection!);
        const auth = await e.resolveAuth();
        // View and locked-rule refusals come before reading the body, as in PocketBase.
        assertRuleNotLocked(writableCollection(core, c).createRule, auth);
        const body = await e.body(recordBodyLimit(core, c, ctx.bodyLimit));
        const meta = e.requestInfo();
        const create = async (input: Record<string, unknown>) => {
          try {
            return await createRecord(core, { collection: c, body: input, auth, meta });
          } catch (err) {
            throw apiErrorOr(err, () => new BadRequestError(CREATE_FAILED));
          }
        };
        const hook = hooks.onRecordCreateRequest;
        if (hook.length === 0) return one(e, c, await create(body), auth);
        const draft = draftRecord(core, c, body, null, auth?.isSuperuser ?? false);
        return runRequestHook(hook, e, { collection: c, record: draft.record }, async (x) => {
          x.record = await create(bodyWithChanges(body, draft, x.record));
          return one(e, c, x.record, auth);
        });
      },
    },
    {
      method: 'PATCH',
      pattern: `${BASE}/{id}`,
      group,
      name: 'records.update',
      bodyLimit: 'route',
      rateLimit: tags('update', 'records one'),
      batch: 'update',
      handler: async (e) => {
        const c = collectionOf(e.params.collection!);
        const auth = await e.resolveAuth();
        assertRuleNotLocked(writableCollection(core, c).updateRule, auth);
        const body = await e.body(recordBodyLimit(core, c, ctx.bodyLimit));
        const meta = e.requestInfo();
        const id = e.params.id!;
        const update = async (input: Record<string, unknown>) => {
          try {
            return await updateRecord(core, { collection: c, id, body: input, auth, meta });
          } catch (err) {
            throw apiErrorOr(err, () => new BadRequestError(UPDATE_FAILED));
          }
        };
        const hook = hooks.onRecordUpdateRequest;
        if (hook.length === 0) return one(e, c, await update(body), auth);
        const draft = draftRecord(core, c, body, id, auth?.isSuperuser ?? false);
        return runRequestHook(hook, e, { collection: c, record: draft.record }, async (x) => {
          x.record = await update(bodyWithChanges(body, draft, x.record));
          return one(e, c, x.record, auth);
        });
      },
    },
    {
      method: 'DELETE',
      pattern: `${BASE}/{id}`,
      group,
      name: 'records.delete',
      rateLimit: tags('delete', 'records one'),
      batch: 'delete',
      handler: async (e) => {
        const c = collectionOf(e.params.collection!);
        const auth = await e.resolveAuth();
        const id = e.params.id!;
        const remove = async () => {
          try {
            await deleteRecord(core, { collection: c, id, auth, meta: e.requestInfo() });
          } catch (err) {
            throw apiErrorOr(err, () => new BadRequestError(REQUIRED_REFERENCE));
          }
          return new Response(null, { status: 204 });
        };
        const hook = hooks.onRecordDeleteRequest;
        if (hook.length === 0) return remove();
        const record = findRecordById(core, c, id);
        return runRequestHook(hook, e, { collection: c, record }, remove);
      },
    },
  ];
};
