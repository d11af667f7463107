// The SQL dialect seam: the compiler emits only through this, so another engine can be added later.
import { raw, type Sql, sql } from './sql.ts';

export interface Dialect {
  quoteIdent(name: string): string;
  /** A single-row source to LEFT JOIN correlated tables onto. */
  readonly oneRow: string;
  /** Table-valued source over the items of a JSON array column; a non-array value is one item. */
  jsonEach(column: Sql): Sql;
  /** The item column of a `jsonEach` source aliased `alias`. */
  jsonEachValue(alias: string): string;
  /** Item count: array → its length, ''/NULL → 0, any other value → 1 (filter-and-rules.md §3). */
  jsonArrayLength(column: Sql): Sql;
  /** Value at `path` (`.a.b[0]` form, '' for the root); non-JSON text is treated as a JSON string. */
  jsonExtract(column: Sql, path: string): Sql;
  like(left: Sql, right: Sql, negate: boolean): Sql;
  coalesceText(e: Sql): Sql;
  lower(e: Sql): Sql;
  readonly trueLiteral: string;
  readonly falseLiteral: string;
  random(): string;
  rowid(tableAlias: string): string;
  /** Haversine distance in km between two lon/lat points (§2.7). */
  geoDistance(lonA: Sql, latA: Sql, lonB: Sql, latB: Sql): Sql;
  /** strftime with NULL normalised to ''; args are bound or column expressions. */
  strftime(args: Sql[]): Sql;
}

function isArray(c: Sql): Sql {
  return sql`iif(json_valid(${c}), json_type(${c}) = 'array', FALSE)`;
}

export const sqliteDialect: Dialect = {
  quoteIdent: (name) => `"${name.replaceAll('"', '""')}"`,
  oneRow: '(SELECT 1)',
  jsonEach: (c) => sql`json_each(CASE WHEN ${isArray(c)} THEN ${c} ELSE json_array(${c}) END)`,
  jsonEachValue: (alias) => `${sqliteDialect.quoteIdent(alias)}.value`,
  jsonArrayLength: (c) =>
    sql`(CASE WHEN ${isArray(c)} THEN json_array_length(${c}) WHEN ${c} = '' OR ${c} IS NULL THEN 0 ELSE 1 END)`,
  jsonExtract: (c, path) => {
    // The path is bound, never spliced: it comes from the filter text.
    const direct: Sql = { text: '?', params: [`$${path}`] };
    const wrapped: Sql = { text: '?', params: [`$.pb${path}`] };
    return sql`(CASE WHEN json_valid(${c}) THEN json_extract(${c}, ${direct}) ELSE json_extract(json_object('pb', ${c}), ${wrapped}) END)`;
  },
  like: (l, r, negate) =>
    negate ? sql`${l} NOT LIKE ${r} ESCAPE '\\'` : sql`${l} LIKE ${r} ESCAPE '\\'`,
  coalesceText: (e) => sql`COALESCE(${e}, '')`,
  lower: (e) => sql`LOWER(${e})`,
  trueLiteral: 'TRUE',
  falseLiteral: 'FALSE',
  random: () => 'RANDOM()',
  rowid: (alias) => `${sqliteDialect.quoteIdent(alias)}._rowid_`,
  geoDistance: (lonA, latA, lonB, latB) =>
    sql`(6371 * acos(cos(radians(${latA})) * cos(radians(${latB})) * cos(radians(${lonB}) - radians(${lonA})) + sin(radians(${latA})) * sin(radians(${latB}))))`,
  strftime: (args) => {
    let inner = raw('');
    args.forEach((a, i) => {
      inner = i === 0 ? a : sql`${inner}, ${a}`;
    });
    return sql`COALESCE(strftime(${inner}), '')`;
  },
};
