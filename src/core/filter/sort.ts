// `sort` param → ORDER BY list (http-api.md §1.7): field paths resolved like filter identifiers.
import type { Collection } from '../collections/model.ts';
import { prepareFilter, visibleRow } from './compile.ts';
import { sqliteDialect } from './dialect.ts';
import { FilterError } from './errors.ts';
import { renderTyped } from './operand.ts';
import { isValidRequestIdentifier } from './request.ts';
import { baseState, collectionPath, type PathEnv, walkProps } from './resolve.ts';
import type { FilterOptions, FilterSchema, RequestInfo } from './schema.ts';
import { Scope } from './scope.ts';
import { raw, type Sql, sql, type Typed, typed } from './sql.ts';

export const MAX_SORT_ITEMS = 8;
export const MAX_SORT_ITEM_LENGTH = 255;

export interface CompiledSort {
  /** `expr ASC, expr DESC…` without the `ORDER BY` keyword; '' when the param is empty. */
  sql: string;
  params: unknown[];
}

const FIELD_SHAPE = /^\w+[\w.:]*$/;
const COLLECTION_SHAPE = /^@collection\.\w+(:\w+)?\.[\w.:]*\w$/;

function sortItem(
  name: string,
  collection: Collection,
  schema: FilterSchema,
  options: FilterOptions,
  ctx: RequestInfo,
): Typed | null {
  const d = options.dialect ?? sqliteDialect;
  const baseAlias = options.tableAlias ?? collection.name;
  if (name === '@random') return typed(raw(d.random()), 'numExpr');
  if (name === '@rowid') return typed(raw(d.rowid(baseAlias)), 'numExpr');
  if (name.startsWith('@request.')) {
    // One value for every row of the query: accepted as PocketBase does, but orders nothing.
    // (Non-superusers never get here: `@request.` in their sort is refused with a 403 first.)
    if (!isValidRequestIdentifier(name)) throw new FilterError(`invalid sort field "${name}"`);
    return null;
  }
  const scope = new Scope();
  const env: PathEnv = {
    schema,
    base: collection,
    baseAlias,
    scope,
    dialect: d,
    restricted: options.restricted ?? false,
    nextAlias: (p) => scope.nextAlias(p),
  };
  let op: ReturnType<typeof walkProps>;
  if (COLLECTION_SHAPE.test(name)) op = collectionPath(env, name);
  else if (FIELD_SHAPE.test(name)) {
    op = walkProps(env, baseState(env, !env.restricted), name.split('.'));
  } else throw new FilterError(`invalid sort field "${name}"`);
  // Values and NULL are not columns: PocketBase rejects them as sort fields.
  if (op.values.length > 0 || op.literal === 'null') {
    throw new FilterError(`invalid sort field "${name}"`);
  }
  const expr = renderTyped(op);
  if (scope.joins.length === 0) return expr;
  let from = raw(d.oneRow);
  for (const j of scope.joins) from = sql`${from} ${d.leftJoin(j.source, j.alias, j.on)}`;
  let where = raw('1=1');
  for (const g of scope.guards) {
    const rule = prepareFilter(g.collection.listRule ?? '', g.collection, schema, {
      dialect: d,
      tableAlias: g.alias,
    }).bind(ctx);
    where = sql`${where} AND ${visibleRow(d, g.alias, rule)}`;
  }
  // A to-many path sorts by its first joined value.
  return typed(sql`(SELECT ${expr.sql} FROM ${from} WHERE ${where} LIMIT 1)`, expr.type);
}

/** Parses `-created,+title,author.name`; throws FilterError (400) for unknown fields and limits. */
export function compileSort(
  sortParam: string,
  collection: Collection,
  schema: FilterSchema,
  options: FilterOptions = {},
  ctx: RequestInfo = {},
): CompiledSort {
  if (sortParam.trim() === '') return { sql: '', params: [] };
  const items = sortParam.split(',');
  if (items.length > MAX_SORT_ITEMS) {
    throw new FilterError(`too many sort fields (max ${MAX_SORT_ITEMS})`);
  }
  const d = options.dialect ?? sqliteDialect;
  const parts: Sql[] = [];
  for (const rawItem of items) {
    const item = rawItem.trim();
    if (item.length > MAX_SORT_ITEM_LENGTH) {
      throw new FilterError(`sort field too long (max ${MAX_SORT_ITEM_LENGTH} characters)`);
    }
    const desc = item.startsWith('-');
    const name = desc || item.startsWith('+') ? item.slice(1) : item;
    const expr = sortItem(name, collection, schema, options, ctx);
    if (expr) parts.push(name === '@random' ? expr.sql : d.orderBy(expr, desc));
  }
  return {
    sql: parts.map((p) => p.text).join(', '),
    params: parts.flatMap((p) => p.params),
  };
}
