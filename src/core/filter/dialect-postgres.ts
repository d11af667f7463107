// PostgreSQL dialect: the same filter results as SQLite over PG columns (TEXT, DOUBLE PRECISION, BOOLEAN, JSONB).
//
// tests/core/filter/differential.test.ts proves it case by case. Where the engines still differ:
// - JSONB sorts object keys, so a JSON object compared or sorted *as text* (`meta = '{…}'`, sort by
//   a bare json field holding objects) sees `{"a":…,"b":…}` where SQLite kept the stored order;
// - a sort on a to-many path takes "the first joined row", which is plan-dependent on both;
// - strftime: time values before 0001-01-01 give '' (PG has no year 0); `%J` and the modifiers
//   other than ±N units, 'start of …' and 'unixepoch' are refused (400) on PostgreSQL;
// - NUL can't be bound as PG text: a filter value containing U+0000 is compared as U+0001;
// - reals print as PostgreSQL does (shortest round-trip) where SQLite uses 15 significant digits.
import type { Dialect } from './dialect.ts';
import { strftimePostgres } from './pg-strftime.ts';
import { compareValues, minifyJson, numeric, orderKeys, textOf, toVal } from './pg-values.ts';
import { param, raw, type Sql, sql, type Typed } from './sql.ts';

const q = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Text that is a JSON array of scalars (what SQLite's json_valid + json_type = 'array' accepts in
 * a text column). PostgreSQL 15 has no non-throwing JSON check, so the cast is guarded by this.
 */
const SCALAR = String.raw`("([^"\\]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"|-?[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?|true|false|null)`;
const ARRAY_RE = `'^\\s*\\[\\s*(${SCALAR}\\s*(,\\s*${SCALAR}\\s*)*)?\\]\\s*$'`;

function textArray(c: Sql): Sql {
  return sql`(${c}) ~ ${raw(ARRAY_RE)}`;
}

/** A bound JSON array text (the request body's items), when `c` is one. */
function boundArray(c: Sql): boolean {
  if (c.text !== '?' || c.params.length !== 1 || typeof c.params[0] !== 'string') return false;
  try {
    return Array.isArray(JSON.parse(c.params[0]));
  } catch {
    return false;
  }
}

/** Items as jsonb: a JSON column's non-array value is one item holding its JSON *text* (as SQLite). */
function items(c: Sql, json: boolean): Sql {
  if (!json && boundArray(c)) return sql`(${c}::text)::jsonb`;
  if (json) {
    return sql`(CASE WHEN jsonb_typeof(${c}) = 'array' THEN ${c} ELSE jsonb_build_array(${minifyJson(c)}) END)`;
  }
  return sql`(CASE WHEN ${textArray(c)} THEN (${c})::jsonb ELSE jsonb_build_array(${c}) END)`;
}

/** `.a.b[0]` → a PostgreSQL path array literal `{"a","b","0"}`. */
function pathArray(path: string): string {
  const parts = path.match(/[^.[\]]+/g) ?? [];
  return `{${parts.map((p) => `"${p.replaceAll(/["\\]/g, '')}"`).join(',')}}`;
}

function likeText(t: Typed): Sql {
  return textOf(toVal(t));
}

/** A LIKE pattern ending in a lone escape: PG raises an error where SQLite just does not match. */
function endsWithEscape(s: string): boolean {
  const m = /\\+$/.exec(s);
  return m !== null && m[0].length % 2 === 1;
}

function num(t: Typed): Sql {
  const v = numeric(toVal(t));
  if (v.cls === 'null') return raw('NULL::float8');
  if (v.cls === 'num') return v.e;
  if (v.cls === 'text') return raw('NULL::float8');
  return sql`(CASE WHEN ${v.c} = 1 THEN ${v.n} END)`;
}

export const postgresDialect: Dialect = {
  name: 'postgres',
  quoteIdent: q,
  oneRow: '(SELECT 1) AS "__one"',
  leftJoin: (source, alias, on) =>
    sql`LEFT JOIN ${source} ${raw(q(alias))} ON ${on ?? raw('TRUE')}`,
  jsonEach: (c, json = false) => sql`jsonb_array_elements(${items(c, json)})`,
  jsonEachValue: (alias) => `NULLIF(${q(alias)}.value, 'null'::jsonb)`,
  jsonEachText: (alias) => `(${q(alias)}.value #>> '{}')`,
  jsonArrayLength: (c, json = false) =>
    json
      ? sql`(CASE WHEN jsonb_typeof(${c}) = 'array' THEN jsonb_array_length(${c}) WHEN ${c} IS NULL THEN 0 ELSE 1 END)`
      : sql`(CASE WHEN ${textArray(c)} THEN jsonb_array_length((${c})::jsonb) WHEN ${c} = '' OR ${c} IS NULL THEN 0 ELSE 1 END)`,
  jsonExtract: (c, path) =>
    path === ''
      ? sql`NULLIF(${c}, 'null'::jsonb)`
      : sql`NULLIF(${c} #> ${param(pathArray(path))}::text[], 'null'::jsonb)`,
  compare: compareValues,
  like: (l, r, negate) => {
    const left = likeText(l);
    const bound = r.sql.text === '?' ? r.sql.params[0] : undefined;
    if (typeof bound === 'string' && endsWithEscape(bound)) {
      return sql`(CASE WHEN ${left} IS NULL THEN NULL ELSE ${raw(negate ? 'TRUE' : 'FALSE')} END)`;
    }
    // ILIKE under the "C" collation folds ASCII letters only, as SQLite's LIKE does.
    const op = raw(negate ? 'NOT ILIKE' : 'ILIKE');
    return sql`(${left}) COLLATE "C" ${op} ${likeText(r)} ESCAPE '\\'`;
  },
  likeContains: (e) => ({ sql: sql`('%' || ${likeText(e)} || '%')`, type: 'textExpr' }),
  coalesceText: (e) => {
    const v = toVal(e);
    if (v.cls === 'text') return { sql: sql`COALESCE(${v.e}, '')`, type: 'textExpr' };
    if (v.cls === 'null') return { sql: raw("''"), type: 'textExpr' };
    // COALESCE(number, '') keeps the number's class on SQLite: a JSON value carries both.
    if (e.type === 'json') return { sql: sql`COALESCE(${e.sql}, '""'::jsonb)`, type: 'json' };
    if (v.cls === 'num') {
      const j =
        e.type === 'bool' || e.type === 'boolExpr'
          ? sql`to_jsonb((${e.sql})::int)`
          : sql`to_jsonb(${v.e})`;
      return { sql: sql`COALESCE(${j}, '""'::jsonb)`, type: 'json' };
    }
    return { sql: sql`COALESCE(${textOf(v)}, '')`, type: 'textExpr' };
  },
  lower: (e, type = 'param') => sql`lower((${textOf(toVal({ sql: e, type }))}) COLLATE "C")`,
  trueLiteral: 'TRUE',
  falseLiteral: 'FALSE',
  random: () => 'random()',
  rowid: (alias) => `${q(alias)}."_rowid_"`,
  orderBy: (e, desc) => {
    const dir = raw(desc ? 'DESC NULLS LAST' : 'ASC NULLS FIRST');
    let out: Sql | null = null;
    for (const k of orderKeys(e)) {
      const item = k.text ? sql`(${k.e}) COLLATE "C" ${dir}` : sql`${k.e} ${dir}`;
      out = out ? sql`${out}, ${item}` : item;
    }
    return out!;
  },
  geoDistance: (lonA, latA, lonB, latB) => {
    const [x1, y1, x2, y2] = [num(lonA), num(latA), num(lonB), num(latB)];
    const cosine = sql`cos(radians(${y1})) * cos(radians(${y2})) * cos(radians(${x2}) - radians(${x1})) + sin(radians(${y1})) * sin(radians(${y2}))`;
    // PG's acos raises outside [-1, 1]; SQLite's returns NULL.
    return sql`(6371 * acos(CASE WHEN ${cosine} BETWEEN -1 AND 1 THEN ${cosine} END))`;
  },
  strftime: strftimePostgres,
};
