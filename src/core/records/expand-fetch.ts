// The two batched reads behind expand: related records by ids (viewRule applied) and back-relation ids.
import type { Param, Row } from '../../db/conn.ts';
import { derivedAlias } from '../collections/ddl.ts';
import type { Collection, Field } from '../collections/model.ts';
import { type Core, readConn } from '../core.ts';
import type { CompiledFilter } from '../filter/index.ts';
import type { AuthInfo } from './auth-info.ts';
import { recordsFromRows } from './codec.ts';
import { ExpandPathError, MAX_BACK_RELATIONS } from './expand-paths.ts';
import type { RecordData } from './record.ts';
import { compileCached, type RequestMeta, requestInfo } from './request-info.ts';
import { quoteIdent } from './sql.ts';
import { boundArrayItems, columnItems, engineOf } from './sql-dialect.ts';

/** The request as the related collections' rules see it (`@request.context` is forced to `expand`). */
export type ExpandRequest = Omit<RequestMeta, 'context'> & { body?: Record<string, unknown> };

/** PocketBase's expand fetch runs the rules with the request's info, context switched to `expand`. */
export function expandMeta(request: ExpandRequest): RequestMeta {
  // Read through rather than spread: a spread would build the request's query and headers maps.
  return {
    get method() {
      return request.method;
    },
    get query() {
      return request.query;
    },
    get headers() {
      return request.headers;
    },
    context: 'expand',
  };
}

/** The viewRule as a WHERE condition for `auth`; null when nothing restricts (superuser, `""`). */
function viewCondition(
  core: Core,
  collection: Collection,
  auth: AuthInfo | null,
  request: ExpandRequest,
): CompiledFilter | null {
  if (auth?.isSuperuser) return null;
  const rule = collection.viewRule;
  // filter-and-rules.md §5.2: a locked viewRule expands nothing for non-superusers.
  if (rule === null) throw new ExpandPathError(`only superusers can view "${collection.name}"`);
  if (rule.trim() === '') return null;
  return compileCached(
    core,
    collection,
    rule,
    requestInfo(auth, expandMeta(request), request.body),
  );
}

/**
 * One query for all `ids` of `collection` that the requester may view. Unknown ids simply don't
 * come back; the order is unspecified (callers index by id).
 */
export function fetchViewable(
  core: Core,
  collection: Collection,
  ids: string[],
  auth: AuthInfo | null,
  request: ExpandRequest,
  /** `JSON.stringify(ids)` when the caller has it already. */
  idsJson?: string,
): RecordData[] {
  const cond = viewCondition(core, collection, auth, request);
  if (ids.length === 0) return [];
  const table = quoteIdent(collection.name);
  const engine = engineOf(core);
  // One id (a view's relation, a page whose items share it) is a key lookup: no JSON array to
  // unpack and no IN table to build, half the query's time.
  let text: string;
  let params: Param[];
  if (ids.length === 1) {
    text = `SELECT * FROM ${table} WHERE ${table}."id" = ?`;
    params = [ids[0]!];
  } else {
    text = `SELECT * FROM ${table} WHERE ${table}."id" IN (SELECT value FROM ${boundArrayItems(engine)})`;
    params = [idsJson ?? JSON.stringify(ids)];
  }
  if (cond) {
    text += ` AND ${cond.sql}`;
    // The compiler binds only JSON-safe scalars (strings, numbers, booleans, null).
    params.push(...(cond.params as Param[]));
  }
  const rows = readConn(core).all<Row>(text, params);
  return recordsFromRows(collection, rows);
}

/**
 * For every parent id, the ids of `back` records whose relation `field` holds it: at most
 * MAX_BACK_RELATIONS per parent, in insertion (rowid) order. One query for all parents.
 */
export function backRelationIds(
  core: Core,
  back: Collection,
  field: Field,
  parentIds: string[],
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (parentIds.length === 0) return out;
  const table = quoteIdent(back.name);
  const col = `b.${quoteIdent(field.name)}`;
  // Views have no rowid; their natural order is the best there is.
  const rid = back.type === 'view' ? 'NULL' : 'b._rowid_';
  const multiple = typeof field.maxSelect === 'number' && field.maxSelect > 1;
  const engine = engineOf(core);
  const bound = boundArrayItems(engine);
  const source = multiple
    ? `SELECT DISTINCT b."id" AS id, ${rid} AS rid, je.value AS parent FROM ${table} b, ` +
      `${columnItems(engine, col, 'je')} ` +
      `WHERE je.value IN (SELECT value FROM ${bound})`
    : `SELECT b."id" AS id, ${rid} AS rid, ${col} AS parent FROM ${table} b ` +
      `WHERE ${col} IN (SELECT value FROM ${bound})`;
  const text =
    'SELECT id, parent FROM (SELECT id, parent, ' +
    `ROW_NUMBER() OVER (PARTITION BY parent ORDER BY rid) AS rn FROM (${source})${derivedAlias(engine, 'src')})` +
    `${derivedAlias(engine, 'numbered')} WHERE rn <= ? ORDER BY parent, rn`;
  const rows = readConn(core).all<{ id: string; parent: string }>(text, [
    JSON.stringify(parentIds),
    MAX_BACK_RELATIONS,
  ]);
  for (const { id, parent } of rows) {
    const list = out.get(parent);
    if (list) list.push(id);
    else out.set(parent, [id]);
  }
  return out;
}
