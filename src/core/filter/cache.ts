// Prepared-filter cache keyed by (text, collection id, schema version, options): bind is all that runs per request.
import type { Collection } from '../collections/model.ts';
import { type PreparedFilter, prepareFilter } from './compile.ts';
import type { FilterOptions, FilterSchema } from './schema.ts';

const LIMIT = 2000;

export class FilterCache {
  private entries = new Map<string, PreparedFilter>();
  private version = -1;

  /**
   * `schemaVersion` is the registry's `version`: a change drops every entry, since any collection
   * edit can change how paths resolve. Errors are not cached (they are cheap to recompute).
   */
  get(
    expr: string,
    collection: Collection,
    schema: FilterSchema,
    schemaVersion: number,
    options: FilterOptions = {},
  ): PreparedFilter {
    if (schemaVersion !== this.version) {
      this.entries.clear();
      this.version = schemaVersion;
    }
    const engine = options.dialect?.name ?? 'sqlite';
    const key = `${engine}\u0000${collection.id}\u0000${options.restricted ? 1 : 0}\u0000${options.tableAlias ?? ''}\u0000${expr}`;
    let hit = this.entries.get(key);
    if (!hit) {
      hit = prepareFilter(expr, collection, schema, options);
      if (this.entries.size >= LIMIT) this.entries.delete(this.entries.keys().next().value!);
      this.entries.set(key, hit);
    }
    return hit;
  }
}
