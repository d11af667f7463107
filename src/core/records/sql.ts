// SQL text derived from a collection (quoted names, column lists), cached until the collection registry reloads.

import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';

/** `posts` → `"posts"`; names are `^\w+$` already, the doubling is defence in depth. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * One cache per collection object, valid for one registry version: keyed by identity (a draft
 * collection being validated never shares entries with the stored one), and the keys stay short
 * so a lookup on the request path hashes a few characters, not the collection's id and name.
 */
const caches = new WeakMap<
  Collection,
  { registry: object; version: number; values: Map<string, unknown> }
>();

function valuesOf(core: Core, collection: Collection): Map<string, unknown> {
  const registry = core.collections;
  let cache = caches.get(collection);
  if (!cache || cache.version !== registry.version || cache.registry !== registry) {
    cache = { registry, version: registry.version, values: new Map() };
    caches.set(collection, cache);
  }
  return cache.values;
}

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
  const values = valuesOf(core, collection);
  const hit = values.get(key);
  if (hit !== undefined || values.has(key)) return hit as T;
  const value = build();
  values.set(key, value);
  return value;
}

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
