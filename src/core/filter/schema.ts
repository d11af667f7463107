// What the compiler needs from the outside: collections by id/name, the request, and caller options.
import type { Collection, Field } from '../collections/model.ts';
import type { Dialect } from './dialect.ts';

/** Collection lookup; `CollectionRegistry` satisfies it as is. */
export interface FilterSchema {
  find(idOrName: string): Collection | undefined;
}

/** The requester as `@request.auth.*` sees it (AuthInfo satisfies it). */
export interface FilterAuth {
  record: Record<string, unknown> & { id: string };
  collection: Collection;
}

/**
 * Per-request values behind `@request.*` and the datetime macros (filter-and-rules.md §2.2, §2.4).
 * Everything is optional: a missing part behaves like an empty map / NULL.
 */
export interface RequestInfo {
  /** null or absent for guests. */
  auth?: FilterAuth | null;
  /** Submitted body after modifier resolution (`title+` merged). */
  body?: Record<string, unknown>;
  /** Query params (first value); realtime passes the subscription options' query. */
  query?: Record<string, unknown>;
  /** Header names in any form; normalised to lower snake_case (`X-Api-Key` → `x_api_key`). */
  headers?: Record<string, unknown>;
  method?: string;
  /** `default`, `oauth2`, `otp`, `password`, `realtime`, `protectedFile`, `batch`, `expand`. */
  context?: string;
  /** Clock for the datetime macros; defaults to the current time. */
  now?: Date;
}

export interface FilterOptions {
  /**
   * A client `filter`/`sort` from a non-superuser (§4.5): hidden fields are an error, an auth
   * collection's `email` only matches records with `emailVisibility`, and every joined collection
   * needs a listRule (null → error, non-empty → AND-ed for the joined row). Rules leave it off.
   */
  restricted?: boolean;
  /** SQL alias of the base table in the caller's query; defaults to the collection name. */
  tableAlias?: string;
  dialect?: Dialect;
}

export function isMultiple(field: Field): boolean {
  return (
    (field.type === 'select' || field.type === 'file' || field.type === 'relation') &&
    typeof field.maxSelect === 'number' &&
    field.maxSelect > 1
  );
}

/** Select, file and relation hold lists (or single items) that `:each` / `:length` can iterate. */
export function isMultiValuer(field: Field): boolean {
  return field.type === 'select' || field.type === 'file' || field.type === 'relation';
}

export function getField(c: Collection, name: string): Field | undefined {
  return c.fields.find((f) => f.name === name);
}
