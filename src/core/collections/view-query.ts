// View collections: checks a viewQuery and infers its fields (collections-and-fields.md §3).
import type { Conn } from '../../db/conn.ts';
import { fieldIdFor } from '../fields/common.ts';
import { randomString } from '../ids.ts';
import { dbErrorText, derivedAlias } from './ddl.ts';
import { ALPHANUMERIC, textField } from './defaults.ts';
import { buildField } from './field-factory.ts';
import { type CollectionLookup, findByName } from './lookup.ts';
import type { Collection, Field } from './model.ts';
import {
  hasStatementSeparator,
  identName,
  isPunct,
  isWord,
  SqlSyntaxError,
  sourceOf,
  splitTopLevel,
  type Token,
  tokenize,
  trimStatement,
} from './sql-lexer.ts';

export class ViewQueryError extends Error {}

export const MISSING_ID =
  "missing required id column (you can use `(ROW_NUMBER() OVER()) as id` if you don't have one)";

interface SelectItem {
  tokens: Token[];
  text: string;
  alias: string;
}

interface TableRef {
  name: string | null;
  alias: string;
}

const CLAUSE_END = new Set([
  'where',
  'group',
  'having',
  'order',
  'limit',
  'window',
  'union',
  'except',
  'intersect',
]);
const JOIN_WORDS = new Set(['left', 'right', 'inner', 'outer', 'cross', 'natural', 'full']);
/** Words that end an expression without being an alias (`CASE … END`, `x IS NULL`). */
const NOT_ALIAS = new Set(['end', 'null', 'true', 'false', 'and', 'or', 'not', 'is', 'else']);

/** The query as it goes into `CREATE VIEW … AS SELECT * FROM (<query>)`: one SELECT, no `;`. */
export function normalizeViewQuery(query: string): string {
  const sql = trimStatement(query);
  if (!sql) throw new ViewQueryError('the view query is empty');
  let tokens: Token[];
  try {
    tokens = tokenize(sql);
  } catch (err) {
    if (err instanceof SqlSyntaxError) throw new ViewQueryError(err.message);
    throw err;
  }
  if (hasStatementSeparator(tokens))
    throw new ViewQueryError('multiple statements are not supported');
  if (!isWord(tokens[0], 'select') && !isWord(tokens[0], 'with'))
    throw new ViewQueryError('the view query must be a SELECT statement');
  return sql;
}

function itemAlias(tokens: Token[]): { expr: Token[]; alias: string | null } {
  const last = tokens[tokens.length - 1];
  const prev = tokens[tokens.length - 2];
  if (tokens.length >= 3 && isWord(prev, 'as') && identName(last) !== null)
    return { expr: tokens.slice(0, -2), alias: identName(last) };
  const operand =
    prev &&
    (isPunct(prev, ')') ||
      prev.kind === 'quoted' ||
      prev.kind === 'string' ||
      prev.kind === 'number' ||
      (prev.kind === 'word' && !NOT_ALIAS.has(prev.value.toLowerCase())));
  const aliasLike =
    last &&
    (last.kind === 'quoted' ||
      last.kind === 'string' ||
      (last.kind === 'word' && !NOT_ALIAS.has(last.value.toLowerCase())));
  if (tokens.length >= 2 && operand && aliasLike && !isPunct(prev, '.'))
    return { expr: tokens.slice(0, -1), alias: last.value };
  return { expr: tokens, alias: null };
}

function parseTables(tokens: Token[]): TableRef[] {
  const segments: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (isPunct(t, '(')) depth++;
    if (isPunct(t, ')')) depth--;
    if (depth === 0 && (isPunct(t, ',') || isWord(t, 'join'))) {
      segments.push([]);
      continue;
    }
    segments[segments.length - 1]!.push(t);
  }
  const refs: TableRef[] = [];
  for (let seg of segments) {
    // `a LEFT OUTER` before JOIN, `ON …`/`USING (…)` after it: not part of the table reference.
    while (seg.length && JOIN_WORDS.has(seg[seg.length - 1]!.value.toLowerCase()))
      seg = seg.slice(0, -1);
    const cut = seg.findIndex((t) => isWord(t, 'on') || isWord(t, 'using'));
    if (cut >= 0) seg = seg.slice(0, cut);
    if (seg.length === 0) continue;
    let name: string | null = null;
    let rest: Token[];
    if (isPunct(seg[0], '(')) {
      let d = 0;
      let end = 0;
      for (; end < seg.length; end++) {
        if (isPunct(seg[end], '(')) d++;
        if (isPunct(seg[end], ')') && --d === 0) break;
      }
      rest = seg.slice(end + 1);
    } else {
      name = identName(seg[0]);
      rest = seg.slice(1);
      if (isPunct(rest[0], '.') && identName(rest[1]) !== null) {
        name = identName(rest[1]);
        rest = rest.slice(2);
      }
    }
    if (isWord(rest[0], 'as')) rest = rest.slice(1);
    const alias = identName(rest[0]) ?? name ?? '';
    refs.push({ name, alias });
  }
  return refs;
}

/** The main SELECT's result columns and FROM/JOIN tables: `select a.x as y from t a` → [y ← a.x], [t as a]. */
export function parseSelect(sql: string): { items: SelectItem[]; tables: TableRef[] } {
  const tokens = tokenize(sql);
  let depth = 0;
  let selectAt = -1;
  let fromAt = -1;
  let endAt = tokens.length;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isPunct(t, '(')) depth++;
    else if (isPunct(t, ')')) depth--;
    else if (depth === 0 && t.kind === 'word') {
      const w = t.value.toLowerCase();
      if (w === 'select' && selectAt < 0) selectAt = i;
      else if (w === 'from' && selectAt >= 0 && fromAt < 0) fromAt = i;
      else if (CLAUSE_END.has(w) && selectAt >= 0) {
        endAt = i;
        break;
      }
    }
  }
  if (selectAt < 0) return { items: [], tables: [] };
  let listStart = selectAt + 1;
  if (isWord(tokens[listStart], 'distinct') || isWord(tokens[listStart], 'all')) listStart++;
  const listEnd = fromAt >= 0 ? fromAt : endAt;
  const items = splitTopLevel(tokens.slice(listStart, listEnd))
    .filter((part) => part.length > 0)
    .map((part) => {
      const { expr, alias } = itemAlias(part);
      const text = sourceOf(sql, expr);
      const last = expr[expr.length - 1];
      const fallback =
        expr.length === 1 || isPunct(expr[expr.length - 2], '.') ? identName(last) : null;
      return { tokens: expr, text, alias: alias ?? fallback ?? text };
    });
  const tables = fromAt >= 0 ? parseTables(tokens.slice(fromAt + 1, endAt)) : [];
  return { items, tables };
}

/** `t.*` or `*` as a whole result column. */
function isWildcard(item: SelectItem): boolean {
  const t = item.tokens;
  return (
    (t.length === 1 && isPunct(t[0], '*')) ||
    (t.length === 3 && isPunct(t[1], '.') && isPunct(t[2], '*'))
  );
}

/** Column names of the query as SQLite reports them; compiles it on `conn` without running it. */
export function queryColumns(conn: Conn, sql: string): string[] {
  try {
    return conn.columns(`SELECT * FROM (${sql})${derivedAlias(conn.engine)} LIMIT 0`);
  } catch (err) {
    throw new ViewQueryError(dbErrorText(err));
  }
}

const CAST = /^cast\s*\([\s\S]*\s+as\s+(\w+)\s*\)$/i;
const PG_CAST = /^(?:[\w."`]+|\([\s\S]*\))\s*::\s*(\w+|double precision)$/i;

/** PostgreSQL's `x::t` (a syntax error on SQLite) → the CAST type name with the same meaning. */
function pgCast(text: string): string | undefined {
  const t = PG_CAST.exec(text)?.[1]?.toLowerCase();
  if (!t) return undefined;
  if (['float4', 'float8', 'double precision'].includes(t)) return 'real';
  if (['int2', 'int4', 'int8', 'smallint', 'bigint'].includes(t)) return 'integer';
  return t;
}

/** The field an expression yields; `null` means "look at what it references". */
function inferByExpression(name: string, text: string): Field | null {
  const lower = text.toLowerCase();
  if (lower.startsWith('count(')) return buildField('number', { name, onlyInt: true });
  if (lower.startsWith('total(')) return buildField('number', { name });
  const cast = CAST.exec(text)?.[1]?.toLowerCase() ?? pgCast(text);
  switch (cast) {
    case 'real':
    case 'decimal':
    case 'numeric':
      return buildField('number', { name });
    case 'int':
    case 'integer':
      return buildField('number', { name, onlyInt: true });
    case 'text':
      return buildField('text', { name });
    case 'bool':
    case 'boolean':
      return buildField('bool', { name });
  }
  return null;
}

/** The collection and field a plain column reference (`x` or `t.x`) of the query reads. */
function referencedField(
  item: SelectItem,
  tables: TableRef[],
  lookup: CollectionLookup,
): { collection: Collection; field: Field } | null {
  const t = item.tokens;
  let tableAlias: string | null = null;
  let column: string | null = null;
  if (t.length === 1) {
    column = identName(t[0]);
    tableAlias = tables[0]?.alias ?? null;
  } else if (t.length === 3 && isPunct(t[1], '.')) {
    tableAlias = identName(t[0]);
    column = identName(t[2]);
  }
  if (!column || !tableAlias) return null;
  const ref = tables.find((r) => r.alias.toLowerCase() === tableAlias!.toLowerCase());
  const collection = ref?.name ? findByName(lookup, ref.name) : undefined;
  if (!collection) return null;
  const field = collection.fields.find((f) => f.name.toLowerCase() === column!.toLowerCase());
  return field ? { collection, field } : null;
}

function inferByReference(
  name: string,
  item: SelectItem,
  tables: TableRef[],
  lookup: CollectionLookup,
): Field | null {
  const source = referencedField(item, tables, lookup);
  if (!source) return null;
  const { collection, field } = source;
  // A referenced id is a link to that collection's records.
  if (field.name.toLowerCase() === 'id')
    return buildField('relation', { name, collectionId: collection.id, maxSelect: 1 });
  return { ...structuredClone(field), id: '', name, cloned: true };
}

/**
 * Where a view's result column comes from: the collection (possibly another view) and field it
 * copies, or null for computed columns. Files of a view are served from that source.
 */
export function viewColumnSource(
  query: string,
  column: string,
  lookup: CollectionLookup,
): { collection: Collection; field: Field } | null {
  let parsed: ReturnType<typeof parseSelect>;
  try {
    parsed = parseSelect(normalizeViewQuery(query));
  } catch {
    return null;
  }
  const item = parsed.items.find((it) => it.alias.toLowerCase() === column.toLowerCase());
  return item ? referencedField(item, parsed.tables, lookup) : null;
}

/**
 * The fields of a view (§3): `id` → the view's text primary key; count/total/CAST → typed;
 * a column of a collection → a copy of that field (`x.id` → relation); anything else → json.
 * `previous` (the view's current fields) keeps ids stable across saves.
 */
export function inferViewFields(
  conn: Conn,
  lookup: CollectionLookup,
  query: string,
  previous: Field[] = [],
): Field[] {
  const sql = normalizeViewQuery(query);
  const { items, tables } = parseSelect(sql);
  if (items.some(isWildcard)) throw new ViewQueryError('dynamic column names are not supported');
  const columns = queryColumns(conn, sql);
  if (!columns.includes('id')) throw new ViewQueryError(MISSING_ID);
  const byPosition = items.length === columns.length;
  const taken = new Set<string>();
  return columns.map((name, i) => {
    const item = byPosition ? items[i] : items.find((it) => it.alias === name);
    let field: Field;
    if (name === 'id') {
      field = textField('', 'id', {
        pattern: '^[a-z0-9]+$',
        primaryKey: true,
        required: true,
        system: true,
      });
    } else {
      field =
        (item && inferByExpression(name, item.text)) ??
        (item && inferByReference(name, item, tables, lookup)) ??
        buildField('json', { name, maxSize: 1 });
    }
    const cloned = field.cloned === true;
    delete field.cloned;
    const prev = previous.find((p) => p.name === name && p.type === field.type);
    if (prev && !taken.has(prev.id)) field.id = prev.id;
    else if (cloned) field.id = `_clone_${randomString(4, ALPHANUMERIC)}`;
    else field.id = fieldIdFor(field.type, name, taken);
    taken.add(field.id);
    return field;
  });
}
