// The SQL dialect seam: the compiler emits engine-specific SQL only through this (SQLite here, PostgreSQL in dialect-postgres.ts).
import { raw, type Sql, sql, type Typed } from './sql.ts';

/** `IS` / `IS NOT` are SQLite's NULL-safe (in)equality; the rest are plain comparisons. */
export type CompareOp = '=' | 'IS' | 'IS NOT' | '<' | '<=' | '>' | '>=';

export interface Dialect {
  readonly name: 'sqlite' | 'postgres';
  quoteIdent(name: string): string;
  /** A single-row source to LEFT JOIN correlated tables onto. */
  readonly oneRow: string;
  /** `LEFT JOIN source alias [ON on]` (an omitted `on` joins every row). */
  leftJoin(source: Sql, alias: string, on?: Sql): Sql;
  /**
   * Table-valued source over the items of an array; a non-array value is one item. `json` says
   * the column holds JSON (multi-value fields); otherwise it is text that may hold a JSON array.
   */
  jsonEach(column: Sql, json?: boolean): Sql;
  /** The item of a `jsonEach` source aliased `alias`, as a JSON value (type `json`). */
  jsonEachValue(alias: string): string;
  /** The item as text, for matching ids. */
  jsonEachText(alias: string): string;
  /** Item count: array → its length, ''/NULL → 0, any other value → 1 (filter-and-rules.md §3). */
  jsonArrayLength(column: Sql, json?: boolean): Sql;
  /** Value at `path` (`.a.b[0]` form, '' for the root); non-JSON text is treated as a JSON string. */
  jsonExtract(column: Sql, path: string): Sql;
  /** `left op right` with SQLite's comparison rules. */
  compare(left: Typed, op: CompareOp, right: Typed): Sql;
  /** SQLite's LIKE: ASCII case-insensitive, `\` escapes. */
  like(left: Typed, right: Typed, negate: boolean): Sql;
  /** `'%' || e || '%'` (a column on the right of `~`). */
  likeContains(e: Typed): Typed;
  /** `COALESCE(e, '')`. */
  coalesceText(e: Typed): Typed;
  /** SQLite's LOWER(): ASCII only, any value becomes text. */
  lower(e: Sql, type?: Typed['type']): Sql;
  readonly trueLiteral: string;
  readonly falseLiteral: string;
  random(): string;
  rowid(tableAlias: string): string;
  /** One ORDER BY item; NULLs first ascending, text by bytes, as SQLite orders. */
  orderBy(e: Typed, desc: boolean): Sql;
  /** Haversine distance in km between two lon/lat points (§2.7). */
  geoDistance(lonA: Typed, latA: Typed, lonB: Typed, latB: Typed): Sql;
  /** strftime with NULL normalised to ''; args are bound or column expressions. */
  strftime(args: Typed[]): Sql;
}

function isArray(c: Sql): Sql {
  return sql`iif(json_valid(${c}), json_type(${c}) = 'array', FALSE)`;
}

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  quoteIdent: q,
  oneRow: '(SELECT 1)',
  leftJoin: (source, alias, on) =>
    on
      ? sql`LEFT JOIN ${source} ${raw(q(alias))} ON ${on}`
      : sql`LEFT JOIN ${source} ${raw(q(alias))}`,
  jsonEach: (c) => sql`json_each(CASE WHEN ${isArray(c)} THEN ${c} ELSE json_array(${c}) END)`,
  jsonEachValue: (alias) => `${q(alias)}.value`,
  jsonEachText: (alias) => `${q(alias)}.value`,
  jsonArrayLength: (c) =>
    sql`(CASE WHEN ${isArray(c)} THEN json_array_length(${c}) WHEN ${c} = '' OR ${c} IS NULL THEN 0 ELSE 1 END)`,
  jsonExtract: (c, path) => {
    // The path is bound, never spliced: it comes from the filter text.
    const direct: Sql = { text: '?', params: [`$${path}`] };
    const wrapped: Sql = { text: '?', params: [`$.pb${path}`] };
    return sql`(CASE WHEN json_valid(${c}) THEN json_extract(${c}, ${direct}) ELSE json_extract(json_object('pb', ${c}), ${wrapped}) END)`;
  },
  compare: (l, op, r) => sql`${l.sql} ${raw(op)} ${r.sql}`,
  like: (l, r, negate) =>
    negate ? sql`${l.sql} NOT LIKE ${r.sql} ESCAPE '\\'` : sql`${l.sql} LIKE ${r.sql} ESCAPE '\\'`,
  likeContains: (e) => ({ sql: sql`('%' || ${e.sql} || '%')`, type: 'textExpr' }),
  coalesceText: (e) => ({ sql: sql`COALESCE(${e.sql}, '')`, type: 'textExpr' }),
  lower: (e) => sql`LOWER(${e})`,
  trueLiteral: 'TRUE',
  falseLiteral: 'FALSE',
  random: () => 'RANDOM()',
  rowid: (alias) => `${q(alias)}._rowid_`,
  orderBy: (e, desc) => sql`${e.sql} ${raw(desc ? 'DESC' : 'ASC')}`,
  geoDistance: ({ sql: lonA }, { sql: latA }, { sql: lonB }, { sql: latB }) =>
    sql`(6371 * acos(cos(radians(${latA})) * cos(radians(${latB})) * cos(radians(${lonB}) - radians(${lonA})) + sin(radians(${latA})) * sin(radians(${latB}))))`,
  strftime: (args) => {
    let inner = raw('');
    args.forEach((a, i) => {
      inner = i === 0 ? a.sql : sql`${inner}, ${a.sql}`;
    });
    return sql`COALESCE(strftime(${inner}), '')`;
  },
};
