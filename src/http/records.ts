// Record CRUD under /api/collections/:collection/records (http-api.md §3.1–§3.5).
import { Elysia } from 'elysia';
import type { AuthInfo } from '../core/auth/auth-info.ts';
import type { Collection } from '../core/collections/model.ts';
import type { Core } from '../core/context.ts';
import { NotFoundError } from '../core/errors.ts';
import { findRecordById } from '../core/records/find.ts';
import { listRecords } from '../core/records/list.ts';
import type { RecordData } from '../core/records/record.ts';
import { assertRuleNotLocked, checkRule } from '../core/records/rules.ts';
import {
  createRecord,
  deleteRecord,
  updateRecord,
  writableCollection,
} from '../core/records/save.ts';
import { serializeRecord } from '../core/records/serialize.ts';
import type { RequestContext } from './context.ts';
import { pickedResponse } from './fields-param.ts';

const BASE = '/api/collections/:collection/records';

/** Only the first value of each query key counts (http-api.md §1.1). */
function queryOf(request: Request): URLSearchParams {
  return new URL(request.url).searchParams;
}

function toJSON(core: Core, c: Collection, record: RecordData, auth: AuthInfo | null) {
  return serializeRecord(core, c, record, { auth });
}

export const recordsRoutes = (ctx: RequestContext) => {
  const { core } = ctx;
  const collectionOf = (idOrName: string) => core.collections.require(idOrName);
  return new Elysia({ name: 'http/records' })
    .get(BASE, async ({ params, request }) => {
      const c = collectionOf(params.collection);
      const auth = await ctx.auth(request);
      const q = queryOf(request);
      const result = listRecords(core, c, auth, {
        page: q.get('page'),
        perPage: q.get('perPage'),
        sort: q.get('sort'),
        filter: q.get('filter'),
        skipTotal: q.get('skipTotal'),
      });
      const items = result.items.map((r) => toJSON(core, c, r, auth));
      return pickedResponse({ ...result, items }, q.get('fields'));
    })
    .get(`${BASE}/:id`, async ({ params, request }) => {
      const c = collectionOf(params.collection);
      const auth = await ctx.auth(request);
      assertRuleNotLocked(c.viewRule, auth);
      const record = findRecordById(core, c, params.id);
      if (!record || !checkRule(core, c, c.viewRule, auth, record)) throw new NotFoundError();
      return pickedResponse(toJSON(core, c, record, auth), queryOf(request).get('fields'));
    })
    .post(
      BASE,
      async ({ params, request }) => {
        const c = collectionOf(params.collection);
        const auth = await ctx.auth(request);
        // View and locked-rule refusals come before reading the body, as in PocketBase.
        assertRuleNotLocked(writableCollection(core, c).createRule, auth);
        const body = await ctx.body(request);
        const record = await createRecord(core, { collection: c, body, auth });
        return pickedResponse(toJSON(core, c, record, auth), queryOf(request).get('fields'));
      },
      { parse: 'none' },
    )
    .patch(
      `${BASE}/:id`,
      async ({ params, request }) => {
        const c = collectionOf(params.collection);
        const auth = await ctx.auth(request);
        assertRuleNotLocked(writableCollection(core, c).updateRule, auth);
        const body = await ctx.body(request);
        const record = await updateRecord(core, { collection: c, id: params.id, body, auth });
        return pickedResponse(toJSON(core, c, record, auth), queryOf(request).get('fields'));
      },
      { parse: 'none' },
    )
    .delete(
      `${BASE}/:id`,
      async ({ params, request }) => {
        const c = collectionOf(params.collection);
        const auth = await ctx.auth(request);
        await deleteRecord(core, { collection: c, id: params.id, auth });
        return new Response(null, { status: 204 });
      },
      { parse: 'none' },
    );
};
