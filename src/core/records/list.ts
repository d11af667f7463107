// Record lists (http-api.md §1.5, §3.1): listRule, client filter and sort compiled once, one page query and one COUNT.
import type { Param, Row } from '../../db/conn.ts';
import type { Collection } from '../collections/model.ts';
import { type Core, readConn } from '../core.ts';
import { BadRequestError, ForbiddenError } from '../errors.ts';
import { type CompiledSort, compileSort, FilterError, type RequestInfo } from '../filter/index.ts';
import type { AuthInfo } from './auth-info.ts';
import { recordsFromRows } from './codec.ts';
import type { RecordData } from './record.ts';
import { compileCached, type RequestMeta, requestInfo } from './request-info.ts';
import { assertRuleNotLocked } from './rules.ts';
import { isSqliteError, quoteIdent } from './sql.ts';
import { coreFilterDialect, engineOf, naturalOrder } from './sql-dialect.ts';

export interface ListQuery {
  page?: string | null;
  perPage?: string | null;
  sort?: string | null;
  filter?: string | null;
  skipTotal?: string | null;
}

export interface ListResult {
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
  items: RecordData[];
}

const DEFAULT_PER_PAGE = 30;
const MAX_PER_PAGE = 1000;
const INT64_MAX = 9223372036854775807n;
const SHORT_DIGITS = /^\d+$/;
const SUPERUSER_ONLY = ['@collection.', '@request.'];

/** A page as the table's rows (not yet records): see `listRecords`. */
export interface ListRows extends Omit<ListResult, 'items'> {
  rows: Row[];
}

export function listRecords(
  core: Core,
  c: Collection,
  auth: AuthInfo | null,
  query: ListQuery,
  meta?: RequestMeta,
): ListResult {
  const { rows, page, perPage, totalItems, totalPages } = listRows(core, c, auth, query, meta);
  // PocketBase's search.Result order: items first.
  return { items: recordsFromRows(c, rows), page, perPage, totalItems, totalPages };
}

/** `listRecords` up to the rows: for a caller that serializes them directly (serializeRows). */
export function listRows(
  core: Core,
  c: Collection,
  auth: AuthInfo | null,
  query: ListQuery,
  meta?: RequestMeta,
): ListRows {
  assertRuleNotLocked(c.listRule, auth);
  const isSuperuser = auth?.isSuperuser ?? false;
  // A loose text check, as PocketBase's: it also catches the words inside quoted values.
  for (const value of [query.filter, query.sort]) {
    if (isSuperuser || !value) continue;
    for (const word of SUPERUSER_ONLY) {
      if (value.includes(word)) throw new ForbiddenError(`Only superusers can filter by ${word}`);
    }
  }
  let page = parseIntParam(query.page, 1);
  if (page <= 0) page = 1;
  let perPage = parseIntParam(query.perPage, DEFAULT_PER_PAGE);
  if (perPage <= 0) perPage = DEFAULT_PER_PAGE;
  if (perPage > MAX_PER_PAGE) perPage = MAX_PER_PAGE;
  const skipTotal = parseGoBool(query.skipTotal);

  const ctx = requestInfo(auth, meta);
  const conds: string[] = [];
  const params: Param[] = [];
  let order: CompiledSort;
  try {
    if (!isSuperuser && c.listRule) {
      const rule = compileCached(core, c, c.listRule, ctx);
      conds.push(rule.sql);
      params.push(...(rule.params as Param[]));
    }
    if (query.filter) {
      const filter = query.filter;
      const f = explained('filter', () =>
        compileCached(core, c, filter, ctx, { restricted: !isSuperuser }),
      );
      conds.push(f.sql);
      params.push(...(f.params as Param[]));
    }
    order = explained('sort', () => sortFor(core, c, query.sort ?? '', !isSuperuser, ctx));
  } catch (err) {
    // PocketBase answers any unusable search parameter with its generic 400 (data {}).
    if (err instanceof FilterError) throw new BadRequestError();
    throw err;
  }

  const t = quoteIdent(c.name);
  const where = conds.length > 0 ? ` WHERE ${conds.join(' AND ')}` : '';
  // No sort → no ORDER BY: rows come in rowid order, as PocketBase's (http-api.md §1.5); on
  // PostgreSQL, which promises no order, by the same insertion-order column.
  const orderBy = order.sql
    ? ` ORDER BY ${order.sql}`
    : naturalOrder(engineOf(core), t, c.type === 'view');
  const offset = Math.min((page - 1) * perPage, Number.MAX_SAFE_INTEGER);
  const conn = readConn(core);
  let rows: Row[];
  let totalItems = -1;
  try {
    rows = conn.all<Row>(`SELECT ${t}.* FROM ${t}${where}${orderBy} LIMIT ? OFFSET ?`, [
      ...params,
      ...(order.params as Param[]),
      perPage,
      offset,
    ]);
    if (!skipTotal) {
      const count = conn.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${t}${where}`, params);
      totalItems = count?.n ?? 0;
    }
  } catch (err) {
    // A query SQLite refuses (`@rowid` on a view, an expression nested too deep) is the client's 400.
    if (isSqliteError(err)) throw new BadRequestError();
    throw err;
  }
  const totalPages = skipTotal ? -1 : Math.ceil(totalItems / perPage);
  return { rows, page, perPage, totalItems, totalPages };
}

/** Go's strconv.Atoi: an optional sign and digits only; anything else is a 400. */
export function parseIntParam(v: string | null | undefined, fallback: number): number {
  if (v === null || v === undefined || v === '') return fallback;
  // Up to 15 plain digits (every page and perPage sent in practice) is exact as a double: no BigInt.
  if (v.length <= 15 && SHORT_DIGITS.test(v)) return Number(v);
  if (!/^[+-]?\d{1,19}$/.test(v)) throw new BadRequestError();
  const big = BigInt(v);
  if (big > INT64_MAX || big < -INT64_MAX - 1n) throw new BadRequestError();
  return Number(big);
}

/** Go's strconv.ParseBool; anything else is a 400 (http-api.md §1.5 skipTotal). */
export function parseGoBool(v: string | null | undefined): boolean {
  if (v === null || v === undefined || v === '') return false;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  throw new BadRequestError();
}

const SORT_CACHE_LIMIT = 1000;
const sortCaches = new WeakMap<object, { version: number; entries: Map<string, CompiledSort> }>();

/**
 * The compiled `sort`, cached per registry version. Sorts through a relation carry the joined
 * collections' listRules bound to this request, so only join-free sorts are cached.
 */
function sortFor(
  core: Core,
  c: Collection,
  sort: string,
  restricted: boolean,
  ctx: RequestInfo,
): CompiledSort {
  if (sort.trim() === '') return { sql: '', params: [] };
  let cache = sortCaches.get(core.collections);
  if (!cache || cache.version !== core.collections.version) {
    cache = { version: core.collections.version, entries: new Map() };
    sortCaches.set(core.collections, cache);
  }
  const key = `${c.id}\u0000${restricted ? 1 : 0}\u0000${sort}`;
  const hit = cache.entries.get(key);
  if (hit) return hit;
  const compiled = compileSort(
    sort,
    c,
    core.collections,
    { restricted, dialect: coreFilterDialect(core) },
    ctx,
  );
  if (!compiled.sql.includes('(SELECT ')) {
    if (cache.entries.size >= SORT_CACHE_LIMIT) {
      cache.entries.delete(cache.entries.keys().next().value!);
    }
    cache.entries.set(key, compiled);
  }
  return compiled;
}

/**
 * A mistake in the client's own filter or sort says what and where (`… at 14`), so the author can
 * fix it; PocketBase only answers its generic 400 here. Rule failures stay generic.
 */
function explained<T>(param: 'filter' | 'sort', compile: () => T): T {
  try {
    return compile();
  } catch (err) {
    if (err instanceof FilterError) {
      throw new BadRequestError(`Invalid ${param} parameter: ${err.reason}`);
    }
    throw err;
  }
}
