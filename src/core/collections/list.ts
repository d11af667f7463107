// `GET /api/collections`: the cached collections paged, sorted and filtered (http-api.md §1.5, §7).
import type { Core } from '../core.ts';
import { BadRequestError } from '../errors.ts';
import { collectionToJSON } from './codec.ts';
import { FILTER_FIELDS, parseListFilter } from './list-filter.ts';

export interface ListQuery {
  page: number;
  perPage: number;
  sort: string;
  filter: string;
  skipTotal: boolean;
}

/** PocketBase's search.Result, in its order: `items` first. */
export interface ListResult {
  items: Record<string, unknown>[];
  page: number;
  perPage: number;
  totalItems: number;
  totalPages: number;
}

type Item = Record<string, unknown>;

function comparator(sort: string): ((a: Item, b: Item) => number) | null {
  const parts = sort
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  if (parts.length > 8) throw new BadRequestError('Invalid sort parameter.');
  const keys = parts.map((p) => {
    const desc = p.startsWith('-');
    const name = p.replace(/^[-+]/, '');
    if (!(FILTER_FIELDS as readonly string[]).includes(name))
      throw new BadRequestError('Invalid sort parameter.');
    return { name, dir: desc ? -1 : 1 };
  });
  return (a, b) => {
    for (const { name, dir } of keys) {
      const x = a[name];
      const y = b[name];
      // Byte order, like SQLite's default BINARY collation.
      const sx = typeof x === 'boolean' ? Number(x) : String(x ?? '');
      const sy = typeof y === 'boolean' ? Number(y) : String(y ?? '');
      const cmp = sx < sy ? -1 : sx > sy ? 1 : 0;
      if (cmp) return cmp * dir;
    }
    return 0;
  };
}

/** With no `sort` the rowid (creation) order is kept, like PocketBase's unordered query. */
export function listCollections(core: Core, query: ListQuery): ListResult {
  let items = core.collections.all().map(collectionToJSON);
  if (query.filter.trim()) items = items.filter(parseListFilter(query.filter));
  const cmp = comparator(query.sort);
  if (cmp) items.sort(cmp);
  const start = (query.page - 1) * query.perPage;
  const total = items.length;
  return {
    items: items.slice(start, start + query.perPage),
    page: query.page,
    perPage: query.perPage,
    totalItems: query.skipTotal ? -1 : total,
    totalPages: query.skipTotal ? -1 : Math.ceil(total / query.perPage),
  };
}
