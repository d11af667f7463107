// SQLite's comparison rules re-enacted on PostgreSQL: storage classes (NULL < numbers < text), column
// affinity conversions before comparing, and SQLite's text form of every value (for LIKE, LOWER, strftime).
import type { CompareOp } from './dialect.ts';
import { param, raw, type Sql, sql, type Typed } from './sql.ts';

/** A value as SQLite sees it: a class fixed at compile time, or one decided per row (`dyn`). */
export type Val =
  | { cls: 'null' }
  | { cls: 'num'; e: Sql; nullable: boolean }
  | { cls: 'text'; e: Sql; nullable: boolean }
  /** c: 1 number, 2 text, NULL; n: the number (float8); t: the text. */
  | { cls: 'dyn'; c: Sql; n: Sql; t: Sql };

/** SQLite column affinity: only bare columns have one. */
type Aff = 'numeric' | 'text' | 'none';

interface AffVal {
  v: Val;
  aff: Aff;
}

/** Text SQLite's NUMERIC affinity turns into a number. */
const NUMERIC_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;
const NUMERIC_TEXT_SQL = `'^\\s*[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?\\s*$'`;

/** jsonb::text → SQLite's minified JSON text (`[1, 2]` → `[1,2]`), strings left alone. */
export function minifyJson(e: Sql): Sql {
  return sql`regexp_replace((${e})::text, '("(?:[^"\\\\]|\\\\.)*")|([,:]) ', '\\1\\2', 'g')`;
}

/** A float8 as SQLite prints a NUMERIC column's value (integral values are INTEGERs there). */
function numText(e: Sql): Sql {
  return sql`(CASE WHEN (${e}) = trunc(${e}) AND abs(${e}) < 9e18 THEN trunc(${e})::bigint::text ELSE (${e})::text END)`;
}

/** A REAL as SQLite prints it (`%!.15g`), for JS numbers bound as params. */
export function sqliteNumberText(n: number): string {
  if (Number.isSafeInteger(n)) return String(n);
  if (!Number.isFinite(n)) return n > 0 ? 'Inf' : n < 0 ? '-Inf' : '';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  if (exp < -4 || exp >= 15) {
    const [m, e] = n.toExponential(14).split('e') as [string, string];
    let mant = m.replace(/0+$/, '');
    if (mant.endsWith('.')) mant += '0';
    const sign = e.startsWith('-') ? '-' : '+';
    return `${mant}e${sign}${e.replace(/^[+-]/, '').padStart(2, '0')}`;
  }
  let s = n.toFixed(Math.max(0, 14 - exp)).replace(/0+$/, '');
  if (s.endsWith('.')) s += '0';
  return s;
}

function singleParam(s: Sql): { value: unknown } | null {
  return s.text === '?' && s.params.length === 1 ? { value: s.params[0] } : null;
}

/** The value of a param `paramVal` made (`?::text` / `?::float8`), else undefined. */
function boundValue(s: Sql, text: string): unknown {
  return s.text === text && s.params.length === 1 ? s.params[0] : undefined;
}

/** One JSON value (jsonb, JSON null already SQL NULL) as a per-row class/number/text triple. */
function jsonVal(v: Sql): Val {
  const type = sql`jsonb_typeof(${v})`;
  const bool = sql`CASE WHEN (${v})::boolean THEN 1 ELSE 0 END`;
  const realText = sql`(CASE WHEN (${v} #>> '{}') ~ '^-?[0-9]+$' THEN ${v} #>> '{}' WHEN (${v})::float8 = trunc((${v})::float8) AND abs((${v})::float8) < 1e15 THEN trunc((${v})::float8)::bigint::text || '.0' ELSE ((${v})::float8)::text END)`;
  return {
    cls: 'dyn',
    c: sql`(CASE ${type} WHEN 'number' THEN 1 WHEN 'boolean' THEN 1 WHEN 'string' THEN 2 WHEN 'array' THEN 2 WHEN 'object' THEN 2 END)`,
    n: sql`(CASE ${type} WHEN 'number' THEN (${v})::float8 WHEN 'boolean' THEN ${bool} END)`,
    t: sql`(CASE ${type} WHEN 'string' THEN ${v} #>> '{}' WHEN 'number' THEN ${realText} WHEN 'boolean' THEN (${bool})::text WHEN 'array' THEN ${minifyJson(v)} WHEN 'object' THEN ${minifyJson(v)} END)`,
  };
}

function paramVal(value: unknown): Val {
  if (value === null || value === undefined) return { cls: 'null' };
  if (typeof value === 'number')
    return { cls: 'num', e: sql`${param(value)}::float8`, nullable: false };
  if (typeof value === 'boolean') {
    // bun:sqlite binds booleans as 1/0.
    return { cls: 'num', e: sql`${param(value ? 1 : 0)}::float8`, nullable: false };
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // PG text cannot hold NUL; no stored value has one either, and U+0001 sorts as close as it gets.
  return {
    cls: 'text',
    e: sql`${param(text.replaceAll('\u0000', '\u0001'))}::text`,
    nullable: false,
  };
}

/** How an operand of the given type compares on SQLite, as PostgreSQL SQL. */
function affVal(t: Typed): AffVal {
  const e = t.sql;
  switch (t.type) {
    case 'null':
      return { v: { cls: 'null' }, aff: 'none' };
    case 'param': {
      const p = singleParam(e);
      return p
        ? { v: paramVal(p.value), aff: 'none' }
        : { v: { cls: 'text', e: sql`(${e})::text`, nullable: true }, aff: 'none' };
    }
    case 'text':
      return { v: { cls: 'text', e, nullable: true }, aff: 'text' };
    case 'textExpr':
      return { v: { cls: 'text', e, nullable: true }, aff: 'none' };
    case 'number':
      return { v: { cls: 'num', e, nullable: true }, aff: 'numeric' };
    case 'numExpr':
    case 'int':
      return { v: { cls: 'num', e, nullable: true }, aff: 'none' };
    case 'bool':
      return { v: { cls: 'num', e: sql`(${e})::int`, nullable: true }, aff: 'numeric' };
    case 'boolExpr':
      return { v: { cls: 'num', e: sql`(${e})::int`, nullable: true }, aff: 'none' };
    case 'json':
      return { v: jsonVal(e), aff: 'none' };
    case 'jsonText':
      // A JSON column's declared type gives it NUMERIC affinity on SQLite.
      return { v: { cls: 'text', e: minifyJson(e), nullable: true }, aff: 'numeric' };
  }
}

export function toVal(t: Typed): Val {
  return affVal(t).v;
}

/** NUMERIC affinity: text that looks like a number becomes one. */
export function numeric(v: Val): Val {
  if (v.cls === 'null' || v.cls === 'num') return v;
  if (v.cls === 'text') {
    // The '' literal: never a number (and PG would fold a cast of it into an error).
    if (v.e.text === "''") return v;
    const s = boundValue(v.e, '?::text');
    if (typeof s === 'string') return NUMERIC_TEXT.test(s) ? paramVal(Number(s)) : v;
    const looks = sql`(${v.e}) ~ ${raw(NUMERIC_TEXT_SQL)}`;
    return {
      cls: 'dyn',
      c: sql`(CASE WHEN (${v.e}) IS NULL THEN NULL WHEN ${looks} THEN 1 ELSE 2 END)`,
      n: sql`(CASE WHEN ${looks} THEN (${v.e})::float8 END)`,
      t: v.e,
    };
  }
  const looks = sql`(${v.c} = 2 AND (${v.t}) ~ ${raw(NUMERIC_TEXT_SQL)})`;
  return {
    cls: 'dyn',
    c: sql`(CASE WHEN ${looks} THEN 1 ELSE ${v.c} END)`,
    n: sql`(CASE WHEN ${looks} THEN (${v.t})::float8 ELSE ${v.n} END)`,
    t: v.t,
  };
}

/** TEXT affinity: numbers become their text. */
function textual(v: Val): Val {
  if (v.cls === 'null' || v.cls === 'text') return v;
  if (v.cls === 'num') {
    const n = boundValue(v.e, '?::float8');
    if (typeof n === 'number') return paramVal(sqliteNumberText(n));
    return { cls: 'text', e: numText(v.e), nullable: v.nullable };
  }
  return { cls: 'dyn', c: sql`(CASE WHEN ${v.c} IS NULL THEN NULL ELSE 2 END)`, n: v.n, t: v.t };
}

/** The value as SQLite's text (what LIKE, LOWER and strftime see); NULL stays NULL. */
export function textOf(v: Val): Sql {
  if (v.cls === 'null') return raw('NULL::text');
  if (v.cls === 'text') return v.e;
  if (v.cls === 'num') {
    const n = boundValue(v.e, '?::float8');
    return typeof n === 'number' ? sql`${param(sqliteNumberText(n))}::text` : numText(v.e);
  }
  return v.t;
}

function dyn(v: Val): { c: Sql; n: Sql; t: Sql } {
  if (v.cls === 'dyn') return v;
  if (v.cls === 'null')
    return { c: raw('NULL::int'), n: raw('NULL::float8'), t: raw('NULL::text') };
  const c = raw(v.cls === 'num' ? '1' : '2');
  const cls = v.nullable ? sql`(CASE WHEN (${v.e}) IS NULL THEN NULL ELSE ${c} END)` : c;
  return v.cls === 'num'
    ? { c: cls, n: v.e, t: raw('NULL::text') }
    : { c: cls, n: raw('NULL::float8'), t: v.e };
}

function nullTest(v: Val): Sql {
  if (v.cls === 'null') return raw('TRUE');
  if (v.cls === 'dyn') return sql`(${v.c} IS NULL)`;
  return v.nullable ? sql`((${v.e}) IS NULL)` : raw('FALSE');
}

const PLAIN: Record<CompareOp, string> = {
  '=': '=',
  IS: '=',
  'IS NOT': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};
const ORDERING = new Set<CompareOp>(['<', '<=', '>', '>=']);

function classResult(a: 1 | 2, op: CompareOp, b: 1 | 2): boolean {
  switch (op) {
    case '=':
    case 'IS':
      return a === b;
    case 'IS NOT':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** `left op right` with SQLite's affinity conversions and storage-class ordering. */
export function compareValues(left: Typed, op: CompareOp, right: Typed): Sql {
  let a = affVal(left);
  let b = affVal(right);
  if (a.aff === 'numeric' && b.aff !== 'numeric') b = { ...b, v: numeric(b.v) };
  else if (b.aff === 'numeric' && a.aff !== 'numeric') a = { ...a, v: numeric(a.v) };
  else if (a.aff === 'text' && b.aff === 'none') b = { ...b, v: textual(b.v) };
  else if (b.aff === 'text' && a.aff === 'none') a = { ...a, v: textual(a.v) };
  return compareClassed(a.v, op, b.v);
}

function compareClassed(a: Val, op: CompareOp, b: Val): Sql {
  const nullSafe = op === 'IS' || op === 'IS NOT';
  if (a.cls === 'null' || b.cls === 'null') {
    if (!nullSafe) return raw('NULL::boolean');
    const both = sql`(${nullTest(a)} AND ${nullTest(b)})`;
    return op === 'IS' ? both : sql`NOT ${both}`;
  }
  if (a.cls !== 'dyn' && b.cls !== 'dyn') {
    if (a.cls === b.cls) {
      const o = raw(
        op === 'IS' ? 'IS NOT DISTINCT FROM' : op === 'IS NOT' ? 'IS DISTINCT FROM' : op,
      );
      if (a.cls === 'text' && ORDERING.has(op)) return sql`(${a.e}) ${o} (${b.e}) COLLATE "C"`;
      return sql`(${a.e}) ${o} (${b.e})`;
    }
    const res = classResult(a.cls === 'num' ? 1 : 2, op, b.cls === 'num' ? 1 : 2);
    const either = sql`(${nullTest(a)} OR ${nullTest(b)})`;
    if (nullSafe) {
      const both = sql`(${nullTest(a)} AND ${nullTest(b)})`;
      return op === 'IS' ? both : sql`NOT ${both}`;
    }
    return sql`(CASE WHEN ${either} THEN NULL ELSE ${raw(res ? 'TRUE' : 'FALSE')} END)`;
  }
  if (a.cls === 'dyn' && b.cls !== 'dyn' && !b.nullable) return dynVsValue(a, op, b, false);
  if (b.cls === 'dyn' && a.cls !== 'dyn' && !a.nullable) return dynVsValue(b, op, a, true);
  const A = dyn(a);
  const B = dyn(b);
  const same = raw(PLAIN[op]);
  const nullCase =
    op === 'IS'
      ? sql`(${A.c} IS NULL AND ${B.c} IS NULL)`
      : op === 'IS NOT'
        ? sql`NOT (${A.c} IS NULL AND ${B.c} IS NULL)`
        : raw('NULL');
  const diff = nullSafe ? raw(op === 'IS' ? 'FALSE' : 'TRUE') : sql`${A.c} ${raw(op)} ${B.c}`;
  return sql`(CASE WHEN ${A.c} IS NULL OR ${B.c} IS NULL THEN ${nullCase} WHEN ${A.c} <> ${B.c} THEN ${diff} WHEN ${A.c} = 1 THEN ${A.n} ${same} ${B.n} ELSE ${A.t} ${same} ${B.t} COLLATE "C" END)`;
}

/** A per-row value against a bound one (the common `meta.x > 5`): one CASE over the row's class. */
function dynVsValue(
  d: Extract<Val, { cls: 'dyn' }>,
  op: CompareOp,
  value: Extract<Val, { cls: 'num' | 'text' }>,
  flipped: boolean,
): Sql {
  const cls = value.cls === 'num' ? 1 : 2;
  const other = cls === 1 ? 2 : 1;
  const same = raw(PLAIN[op]);
  const mine = cls === 1 ? d.n : d.t;
  const collate = raw(cls === 2 ? ' COLLATE "C"' : '');
  const match = flipped
    ? sql`${value.e} ${same} ${mine}${collate}`
    : sql`${mine} ${same} ${value.e}${collate}`;
  const cross = flipped ? classResult(cls, op, other) : classResult(other, op, cls);
  const ifNull = op === 'IS' ? ' ELSE FALSE' : op === 'IS NOT' ? ' ELSE TRUE' : '';
  return sql`(CASE ${d.c} WHEN ${raw(String(cls))} THEN ${match} WHEN ${raw(String(other))} THEN ${raw(cross ? 'TRUE' : 'FALSE')}${raw(ifNull)} END)`;
}

/** ORDER BY keys that sort like SQLite: class first for mixed JSON values, text by bytes. */
export function orderKeys(t: Typed): { e: Sql; text: boolean }[] {
  const v = toVal(t);
  if (v.cls === 'null') return [{ e: raw('NULL'), text: false }];
  if (v.cls === 'num') return [{ e: t.type === 'bool' ? t.sql : v.e, text: false }];
  if (v.cls === 'text') return [{ e: v.e, text: true }];
  return [
    { e: v.c, text: false },
    { e: v.n, text: false },
    // Equal numbers tie on SQLite whatever their text (12 and 12.0).
    { e: sql`(CASE WHEN ${v.c} = 2 THEN ${v.t} END)`, text: true },
  ];
}
