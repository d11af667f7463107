// What validation and view inference need to see of the other collections (the registry, or an import's overlay).
import type { Collection } from './model.ts';

export interface CollectionLookup {
  all(): Collection[];
  /** By id, else by name (case-insensitive). */
  find(idOrName: string): Collection | undefined;
}

/** By name only (case-insensitive): SQL refers to tables by name, never by collection id. */
export function findByName(lookup: CollectionLookup, name: string): Collection | undefined {
  const lower = name.toLowerCase();
  return lookup.all().find((c) => c.name.toLowerCase() === lower);
}

/** The lookup as it will be after `changes` (upserted by id) and `removed` (ids) are applied. */
export function overlayLookup(
  base: CollectionLookup,
  changes: Collection[],
  removed: Set<string> = new Set(),
): CollectionLookup {
  const all = () => {
    const byId = new Map(base.all().map((c) => [c.id, c]));
    for (const id of removed) byId.delete(id);
    for (const c of changes) byId.set(c.id, c);
    return [...byId.values()];
  };
  return {
    all,
    find(idOrName) {
      const list = all();
      return (
        list.find((c) => c.id === idOrName) ??
        findByName({ all: () => list, find: () => undefined }, idOrName)
      );
    },
  };
}
