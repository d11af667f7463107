// What `@request.*` sees of a request (PocketBase's RequestInfo), and the cached compile of rules and filters.

import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import {
  type CompiledFilter,
  FilterCache,
  type FilterOptions,
  type RequestInfo,
} from '../filter/index.ts';
import type { AuthInfo } from './auth-info.ts';
import type { RequestMeta } from './request-meta.ts';
import { coreFilterDialect } from './sql-dialect.ts';

/**
 * The request parts a rule may read besides the auth and the body (filter-and-rules.md §2.4).
 * Everything is optional: internal callers pass nothing and get `GET`, `default`, empty maps.
 */
export type { RequestMeta } from './request-meta.ts';

export function requestInfo(
  auth: AuthInfo | null,
  meta: RequestMeta = {},
  body: Record<string, unknown> = {},
): RequestInfo {
  // query and headers read through: a request's are built when a rule reads them, not per check.
  return {
    auth,
    body,
    get query() {
      return meta.query ?? {};
    },
    get headers() {
      return meta.headers ?? {};
    },
    method: meta.method ?? 'GET',
    context: meta.context ?? 'default',
  };
}

/** One cache per registry: a test process may hold several cores. */
const caches = new WeakMap<object, FilterCache>();

/**
 * Compiles `expr` against `c` through the prepared-filter cache (keyed by text, collection and
 * `core.collections.version`), then binds the request. Throws FilterError (a 400) on bad input.
 */
export function compileCached(
  core: Core,
  c: Collection,
  expr: string,
  ctx: RequestInfo,
  options: FilterOptions = {},
): CompiledFilter {
  let cache = caches.get(core.collections);
  if (!cache) {
    cache = new FilterCache();
    caches.set(core.collections, cache);
  }
  return cache
    .get(expr, c, core.collections, core.collections.version, {
      ...options,
      dialect: coreFilterDialect(core),
    })
    .bind(ctx);
}
