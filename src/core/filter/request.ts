// `@request.*` operands (filter-and-rules.md §2.4, §3), resolved per request at bind time.

import { snakecase } from '../inflector.ts';
import { buildComparison } from './compare.ts';
import { FilterError } from './errors.ts';
import {
  boolOperand,
  NULL_OPERAND,
  numberOperand,
  type Operand,
  render,
  valueOperand,
} from './operand.ts';
import {
  baseState,
  column,
  loadCollection,
  type PathEnv,
  type PathState,
  splitModifier,
  walkProps,
} from './resolve.ts';
import { getField, isMultiple, isMultiValuer, type RequestInfo } from './schema.ts';
import { param, raw, type Sql, sql } from './sql.ts';

/** Auth fields read from the loaded record without joining its collection. */
const PLAIN_AUTH = ['id', 'collectionId', 'collectionName', 'email', 'emailVisibility', 'verified'];

/** The identifier shapes PocketBase accepts under `@request` (anything else is an error). */
const REQUEST_SHAPES = [
  /^@request\.context$/,
  /^@request\.method$/,
  /^@request\.auth\.[\w.:]*\w$/,
  /^@request\.body\.[\w.:]*\w$/,
  /^@request\.query\.[\w.:]*\w$/,
  /^@request\.headers\.[\w.:]*\w$/,
];

export function isValidRequestIdentifier(name: string): boolean {
  return REQUEST_SHAPES.some((re) => re.test(name));
}

const NUMBER_RE = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function normalizeHeaders(h: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(h ?? {})) {
    out[snakecase(k)] = Array.isArray(v) ? v[0] : v;
  }
  return out;
}

function firstValues(q: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(q ?? {})) out[k] = Array.isArray(v) ? v[0] : v;
  return out;
}

/**
 * One top-level part of the request data (`auth`, `body`, `headers`, …): a lookup builds only the
 * part it reads, not every header's snake_case name for an `@request.auth.id`.
 */
function requestPart(
  ctx: RequestInfo,
  part: string | undefined,
): { found: boolean; value: unknown } {
  switch (part) {
    case 'context':
      return { found: true, value: ctx.context ?? 'default' };
    case 'method':
      return { found: true, value: ctx.method ?? 'GET' };
    case 'query':
      return { found: true, value: firstValues(ctx.query) };
    case 'headers':
      return { found: true, value: normalizeHeaders(ctx.headers) };
    case 'body':
      return { found: true, value: ctx.body ?? {} };
    case 'auth': {
      const auth = ctx.auth
        ? {
            ...ctx.auth.record,
            collectionId: ctx.auth.collection.id,
            collectionName: ctx.auth.collection.name,
          }
        : null;
      return { found: true, value: auth };
    }
    default:
      return { found: false, value: undefined };
  }
}

/** Follows `keys` through objects and arrays; `found` is false as soon as a key is missing. */
function extract(data: unknown, keys: string[]): { found: boolean; value: unknown } {
  let cur = data;
  for (const k of keys) {
    if (Array.isArray(cur)) {
      const idx = /^\d+$/.test(k) ? Number(k) : -1;
      if (idx < 0 || idx >= cur.length) return { found: false, value: undefined };
      cur = cur[idx];
    } else if (cur !== null && typeof cur === 'object' && Object.hasOwn(cur, k)) {
      cur = (cur as Record<string, unknown>)[k];
    } else {
      return { found: false, value: undefined };
    }
  }
  return { found: true, value: cur };
}

function toList(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** A value looked up in the request data: `path` is relative to `@request.` (`['body','title']`). */
function staticField(env: PathEnv, ctx: RequestInfo, path: string[]): Operand {
  const keys = [...path];
  const [last, modifier] = splitModifier(keys.pop()!);
  keys.push(last);
  const part = requestPart(ctx, keys[0]);
  const { found, value } = part.found ? extract(part.value, keys.slice(1)) : part;
  if (modifier === 'isset') return boolOperand(found, found ? 'TRUE' : 'FALSE');
  if (value === null || value === undefined) return NULL_OPERAND;
  let v: unknown = value;
  if (typeof v === 'string') {
    // Multipart bodies send numbers as text: convert for number fields of the collection (§2.4).
    const f = getField(env.base, last);
    if (f?.type === 'number' && NUMBER_RE.test(v)) v = Number(v);
  } else if (typeof v !== 'number' && typeof v !== 'boolean') {
    v = JSON.stringify(v);
  }
  return valueOperand(v, modifier === 'lower' ? env.dialect.lower : undefined);
}

/** Resolves one `@request.*` identifier against the request. */
export function resolveRequest(env: PathEnv, ctx: RequestInfo, name: string): Operand {
  const props = name.split('.');
  if (props[1] === 'auth') return authField(env, ctx, name, props);
  if (props[1] === 'body' && props.length > 2) {
    const [fieldName, modifier] = splitModifier(props[2]!);
    const field = getField(env.base, fieldName);
    if (field) {
      if (field.type === 'relation' && props.length > 3)
        return bodyRelation(env, ctx, field, props);
      if (props.length === 3) {
        const value = ctx.body?.[fieldName];
        if (modifier === 'each') return bodyEach(env, field, value);
        if (modifier === 'length') {
          if (!isMultiValuer(field)) {
            throw new FilterError(`field "${fieldName}" doesn't support multivalue operations`);
          }
          return numberOperand(toList(value).length);
        }
        if (modifier === 'lower') {
          return valueOperand(value == null ? '' : stringifyBody(value), env.dialect.lower);
        }
        if (modifier === 'changed') return bodyChanged(env, ctx, fieldName);
      }
    } else if (modifier === 'changed') {
      throw new FilterError(
        `the :changed modifier needs a field of the collection ("${fieldName}")`,
      );
    }
  }
  return staticField(env, ctx, props.slice(1));
}

function stringifyBody(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

function authField(env: PathEnv, ctx: RequestInfo, name: string, props: string[]): Operand {
  const auth = ctx.auth;
  if (!auth) return NULL_OPERAND;
  if (props.length === 3 && PLAIN_AUTH.includes(props[2]!)) {
    return staticField(env, ctx, props.slice(1));
  }
  const d = env.dialect;
  const coll = auth.collection;
  const idParam = () => param(auth.record.id);
  const alias = env.scope.join(`@auth:${coll.id}`, coll.id, (a) => ({
    source: raw(d.quoteIdent(coll.name)),
    alias: a,
    on: sql`${column(env, a, 'id')} = ${idParam()}`,
  }));
  const mmAlias = env.nextAlias('__m');
  const st: PathState = {
    collection: coll,
    alias,
    key: `@auth:${coll.id}`,
    mmJoins: [
      {
        source: raw(d.quoteIdent(coll.name)),
        alias: mmAlias,
        on: sql`${column(env, mmAlias, 'id')} = ${idParam()}`,
      },
    ],
    mmAlias,
    mmGuards: [],
    multi: false,
    allowHidden: true,
    nullifyMissing: true,
  };
  if (props.length < 3) throw new FilterError(`invalid field "${name}"`);
  return walkProps(env, st, props.slice(2));
}

/** `@request.body.rel.field`: joins the submitted related records (§2.4). */
function bodyRelation(
  env: PathEnv,
  ctx: RequestInfo,
  field: { name: string; collectionId?: unknown; maxSelect?: unknown; type: string },
  props: string[],
): Operand {
  const rel = loadCollection(env, String(field.collectionId ?? ''));
  if (!rel) throw new FilterError(`failed to load the collection of field "${field.name}"`);
  const ids = [...new Set(toList(ctx.body?.[field.name]).map((v) => String(v)))].filter(
    (v) => v !== '',
  );
  if (ids.length === 0) return NULL_OPERAND;
  const d = env.dialect;
  const inList = (alias: string): Sql => {
    const list = ids.map(() => '?').join(', ');
    return { text: `${column(env, alias, 'id').text} IN (${list})`, params: [...ids] };
  };
  const key = `@body:${field.name}`;
  const alias = env.scope.join(key, rel.id, (a) => ({
    source: raw(d.quoteIdent(rel.name)),
    alias: a,
    on: inList(a),
  }));
  const mmAlias = env.nextAlias('__m');
  const st: PathState = {
    collection: rel,
    alias,
    key,
    mmJoins: [{ source: raw(d.quoteIdent(rel.name)), alias: mmAlias, on: inList(mmAlias) }],
    mmAlias,
    mmGuards: [],
    multi: isMultiple(field as Parameters<typeof isMultiple>[0]),
    allowHidden: true,
    nullifyMissing: true,
  };
  return walkProps(env, st, props.slice(3));
}

/** `@request.body.f:each`: the submitted items as a json_each source (§3). */
function bodyEach(env: PathEnv, field: Parameters<typeof isMultiple>[0], value: unknown): Operand {
  if (!isMultiValuer(field)) {
    throw new FilterError(`field "${field.name}" doesn't support multivalue operations`);
  }
  const d = env.dialect;
  const json = JSON.stringify(toList(value));
  const je = env.scope.join(`@body:each:${field.name}`, null, (a) => ({
    source: d.jsonEach(param(json)),
    alias: a,
  }));
  const op: Operand = { values: [], build: () => raw(d.jsonEachValue(je)), type: 'json' };
  if (isMultiple(field)) {
    const je2 = env.nextAlias('__m');
    op.multi = {
      joins: [{ source: d.jsonEach(param(json)), alias: je2 }],
      value: raw(d.jsonEachValue(je2)),
    };
  }
  return op;
}

/** `@request.body.f:changed` ≡ `(@request.body.f:isset = true && @request.body.f != f)` (§3). */
function bodyChanged(env: PathEnv, ctx: RequestInfo, fieldName: string): Operand {
  const isset = staticField(env, ctx, ['body', `${fieldName}:isset`]);
  const submitted = staticField(env, ctx, ['body', fieldName]);
  const stored = walkProps(env, baseState(env, !env.restricted), [fieldName]);
  const differs = buildComparison(submitted, '!=', stored, env);
  const expr = sql`(${render(isset)} AND ${differs})`;
  return { values: [], build: () => expr, noCoalesce: true, type: 'boolExpr' };
}
