// SQL text derived from a collection (quoted names, column lists), cached until the collection registry reloads.

import type { Collection } from '../collections/model.ts';
import type { Core } from '../context.ts';

/** `posts` → `"posts"`; names are `^\w+$` already, the doubling is defence in depth. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** Per registry: a test process may hold several cores, each with its own registry version. */
const caches = new WeakMap<object, { version: number; values: Map<string, unknown> }>();

/**
 * Derives something from a collection's definition once per registry version (SQL text, parsed
 * indexes, reference lists), so requests do no schema work beyond reading the cached Collection.
 */
export function collectionCached<T>(
  core: Core,
  collection: Collection,
  key: string,
  build: () => T,
): T {
  let cache = caches.get(core.collections);
  if (!cache || cache.version !== core.collections.version) {
    cache = { version: core.collections.version, values: new Map() };
    caches.set(core.collections, cache);
  }
  const k = `${collection.id}\u0000${collection.name}\u0000${key}`;
  if (cache.values.has(k)) return cache.values.get(k) as T;
  const value = build();
  cache.values.set(k, value);
  return value;
}

/** A statement's text, built once; `conn.query()` then reuses the prepared statement for it. */
export function collectionSql(
  core: Core,
  collection: Collection,
  key: string,
  build: (table: string) => string,
): string {
  return collectionCached(core, collection, `sql:${key}`, () => build(quoteIdent(collection.name)));
}

/** An error raised by SQLite itself (bad SQL, too deep an expression…), told apart by its code. */
export function isSqliteError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}
