// Field paths → operands: columns, relation/back-relation joins, @collection, json paths, modifiers (§2.3, §2.5, §3).
import type { Collection, Field } from '../collections/model.ts';
import type { CompareEnv } from './compare.ts';
import type { Dialect } from './dialect.ts';
import { FilterError } from './errors.ts';
import { columnOperand, type Join, NULL_OPERAND, type Operand, type RowGuard } from './operand.ts';
import { type FilterSchema, getField, isMultiple, isMultiValuer } from './schema.ts';
import type { Scope } from './scope.ts';
import { raw, type Sql, sql, type ValueType } from './sql.ts';

export const MAX_RELATION_HOPS = 6;
export const MODIFIERS = ['isset', 'changed', 'length', 'each', 'lower'] as const;
export type Modifier = (typeof MODIFIERS)[number];

export interface PathEnv extends CompareEnv {
  schema: FilterSchema;
  base: Collection;
  baseAlias: string;
  scope: Scope;
  dialect: Dialect;
  restricted: boolean;
}

/** Where a path walk currently stands, in the main scope and in its multi-match subquery. */
export interface PathState {
  collection: Collection;
  alias: string;
  /** Join-sharing key of the current position. */
  key: string;
  mmJoins: Join[];
  mmAlias: string;
  /** The multi-match joins a client filter may only see through their listRules (§4.5). */
  mmGuards: RowGuard[];
  multi: boolean;
  allowHidden: boolean;
  /** `@request.*` paths resolve unknown names to NULL instead of failing (§2.3). */
  nullifyMissing: boolean;
}

/** `name:mod` → [name, mod]; more than one `:` keeps the prop whole (then it is an unknown field). */
export function splitModifier(prop: string): [string, Modifier | ''] {
  const parts = prop.split(':');
  if (parts.length !== 2) return [prop, ''];
  const mod = parts[1] as Modifier;
  if (!MODIFIERS.includes(mod)) throw new FilterError(`unknown modifier in "${prop}"`);
  return [parts[0]!, mod];
}

export function loadCollection(env: PathEnv, nameOrId: string): Collection | undefined {
  if (nameOrId === env.base.name || nameOrId === env.base.id) return env.base;
  return env.schema.find(nameOrId);
}

export function column(env: PathEnv, alias: string, name: string): Sql {
  const q = env.dialect.quoteIdent;
  return raw(`${q(alias)}.${q(name)}`);
}

function table(env: PathEnv, c: Collection): Sql {
  return raw(env.dialect.quoteIdent(c.name));
}

/** The starting state for paths on the base collection (the outer row). */
export function baseState(env: PathEnv, allowHidden: boolean): PathState {
  return {
    collection: env.base,
    alias: env.baseAlias,
    key: '',
    mmJoins: [],
    mmAlias: env.baseAlias,
    mmGuards: [],
    multi: false,
    allowHidden,
    nullifyMissing: false,
  };
}

/** A restricted filter entering another collection needs its listRule (§4.5). */
function guardJoin(env: PathEnv, st: PathState, target: Collection, alias: string, isNew: boolean) {
  if (!env.restricted || st.allowHidden) return;
  if (target.listRule === null) {
    throw new FilterError(`only superusers can filter by the related collection "${target.name}"`);
  }
  if (isNew && target.listRule !== '') env.scope.guards.push({ alias, collection: target });
}

/** The same listRule for the rows of the multi-match subquery (the "all" check, §4.4). */
function guardMulti(env: PathEnv, st: PathState, target: Collection, mmAlias: string): RowGuard[] {
  if (!env.restricted || st.allowHidden || !target.listRule) return st.mmGuards;
  return [...st.mmGuards, { alias: mmAlias, collection: target }];
}

function checkHidden(st: PathState, field: Field) {
  if (field.hidden && !st.allowHidden)
    throw new FilterError(`non-filterable field "${field.name}"`);
}

/** Walks `props` from `st` (relations, back-relations, json paths) down to the last field. */
export function walkProps(env: PathEnv, start: PathState, props: string[]): Operand {
  let st = start;
  const d = env.dialect;
  for (let i = 0; i < props.length; i++) {
    const prop = props[i]!;
    if (i === props.length - 1) return lastProp(env, st, prop);
    const field = getField(st.collection, prop);
    if (field) checkHidden(st, field);
    if (field && (field.type === 'json' || field.type === 'geoPoint')) {
      return jsonPath(env, st, field, props.slice(i + 1));
    }
    if (i >= MAX_RELATION_HOPS) throw new FilterError(`max nested relations reached for "${prop}"`);
    if (!field) {
      const next = backRelation(env, st, prop);
      if (!next) return NULL_OPERAND;
      st = next;
      continue;
    }
    if (field.type !== 'relation') throw new FilterError(`field "${prop}" is not a valid relation`);
    const target = loadCollection(env, String(field.collectionId ?? ''));
    if (!target) throw new FilterError(`failed to load the collection of field "${prop}"`);
    const multiple = isMultiple(field);
    // `rel.id` on a single relation is the stored id itself: no join (§2.3).
    if (!multiple && i === props.length - 2 && props[i + 1] === 'id') {
      return lastProp(env, st, field.name);
    }
    const key = `${st.key}.${field.name}`;
    const isNew = !env.scope.has(key);
    const col = column(env, st.alias, field.name);
    let alias: string;
    if (!multiple) {
      alias = env.scope.join(key, target.id, (a) => ({
        source: table(env, target),
        alias: a,
        on: sql`${column(env, a, 'id')} = ${col}`,
      }));
    } else {
      const je = env.scope.join(`${key}#each`, null, (a) => ({
        source: d.jsonEach(col, true),
        alias: a,
      }));
      alias = env.scope.join(key, target.id, (a) => ({
        source: table(env, target),
        alias: a,
        on: sql`${column(env, a, 'id')} = ${raw(d.jsonEachText(je))}`,
      }));
    }
    guardJoin(env, st, target, alias, isNew);
    const mmCol = column(env, st.mmAlias, field.name);
    const mmAlias = env.nextAlias('__m');
    const mmJoins = [...st.mmJoins];
    if (!multiple) {
      mmJoins.push({
        source: table(env, target),
        alias: mmAlias,
        on: sql`${column(env, mmAlias, 'id')} = ${mmCol}`,
      });
    } else {
      const je = env.nextAlias('__m');
      mmJoins.push({ source: d.jsonEach(mmCol, true), alias: je });
      mmJoins.push({
        source: table(env, target),
        alias: mmAlias,
        on: sql`${column(env, mmAlias, 'id')} = ${raw(d.jsonEachText(je))}`,
      });
    }
    const mmGuards = guardMulti(env, st, target, mmAlias);
    st = {
      ...st,
      collection: target,
      alias,
      key,
      mmJoins,
      mmAlias,
      mmGuards,
      multi: st.multi || multiple,
    };
  }
  throw new FilterError('empty field path');
}

/** Single-column UNIQUE index on `name` (then a single back-relation is one-to-one, §4.4). */
export function hasSingleColumnUniqueIndex(c: Collection, name: string): boolean {
  return c.indexes.some((idx) => {
    const m = /^\s*create\s+unique\s+index\s.*?\(([^)]*)\)/is.exec(idx);
    if (!m) return false;
    const cols = m[1]!.split(',').map((s) => s.trim().replace(/^[`"'[]|[`"'\]]$/g, ''));
    return cols.length === 1 && cols[0]!.toLowerCase() === name.toLowerCase();
  });
}

/** `coll_via_field` → the state inside `coll`, or null when a @request path should become NULL. */
function backRelation(env: PathEnv, st: PathState, prop: string): PathState | null {
  const fail = (msg: string): null => {
    if (st.nullifyMissing) return null;
    throw new FilterError(msg);
  };
  const m = /^(\w+)_via_(\w+)$/.exec(prop);
  if (!m) return fail(`failed to resolve field "${prop}"`);
  const back = loadCollection(env, m[1]!);
  if (!back) return fail(`failed to load back relation field "${prop}" collection`);
  const backField = getField(back, m[2]!);
  if (!backField) return fail(`missing back relation field "${m[2]}"`);
  if (backField.type !== 'relation') return fail(`invalid back relation field "${m[2]}"`);
  checkHidden(st, backField);
  if (backField.collectionId !== st.collection.id) {
    return fail(`invalid collection reference of a back relation field "${m[2]}"`);
  }
  const d = env.dialect;
  const multiple = isMultiple(backField) || !hasSingleColumnUniqueIndex(back, backField.name);
  const key = `${st.key}.${prop}`;
  const isNew = !env.scope.has(key);
  const link = (alias: string, parentAlias: string): Sql => {
    const fk = column(env, alias, backField.name);
    const parentId = column(env, parentAlias, 'id');
    if (!multiple) return sql`${fk} = ${parentId}`;
    const je = env.nextAlias('__je');
    const items = d.jsonEach(fk, isMultiple(backField));
    return sql`${parentId} IN (SELECT ${raw(d.jsonEachText(je))} FROM ${items} ${raw(d.quoteIdent(je))})`;
  };
  const alias = env.scope.join(key, back.id, (a) => ({
    source: table(env, back),
    alias: a,
    on: link(a, st.alias),
  }));
  guardJoin(env, st, back, alias, isNew);
  const mmAlias = env.nextAlias('__m');
  const mmJoins = [
    ...st.mmJoins,
    { source: table(env, back), alias: mmAlias, on: link(mmAlias, st.mmAlias) },
  ];
  const mmGuards = guardMulti(env, st, back, mmAlias);
  return {
    ...st,
    collection: back,
    alias,
    key,
    mmJoins,
    mmAlias,
    mmGuards,
    multi: st.multi || multiple,
  };
}

/** How a field's column compares (its storage; a bare json field is re-typed by its caller). */
function columnType(field: Field): ValueType {
  if (field.type === 'number') return 'number';
  if (field.type === 'bool') return 'bool';
  if (field.type === 'geoPoint' || isMultiple(field)) return 'jsonText';
  return 'text';
}

function lastProp(env: PathEnv, st: PathState, prop: string): Operand {
  const [name, modifier] = splitModifier(prop);
  const field = getField(st.collection, name);
  if (!field) {
    if (st.nullifyMissing) return NULL_OPERAND;
    throw new FilterError(`unknown field "${name}"`);
  }
  checkHidden(st, field);
  const d = env.dialect;
  const col = column(env, st.alias, field.name);
  const mmCol = column(env, st.mmAlias, field.name);
  if (modifier === 'changed') {
    throw new FilterError(`the :changed modifier is only supported on @request.body fields`);
  }
  const json = isMultiple(field);
  if (modifier === 'length' && isMultiValuer(field)) {
    const op = columnOperand(d.jsonArrayLength(col, json), 'numExpr');
    if (st.multi) {
      const value = d.jsonArrayLength(mmCol, json);
      op.multi = { joins: st.mmJoins, value, guards: st.mmGuards };
    }
    return op;
  }
  if (modifier === 'each' && isMultiValuer(field)) {
    const je = env.scope.join(`${st.key}.${field.name}:each`, null, (a) => ({
      source: d.jsonEach(col, json),
      alias: a,
    }));
    const op = columnOperand(raw(d.jsonEachValue(je)), 'json');
    if (st.multi || json) {
      const je2 = env.nextAlias('__m');
      op.multi = {
        joins: [...st.mmJoins, { source: d.jsonEach(mmCol, json), alias: je2 }],
        value: raw(d.jsonEachValue(je2)),
        guards: st.mmGuards,
      };
    }
    return op;
  }
  let expr = col;
  let mmValue = mmCol;
  const op: Operand = columnOperand(expr, columnType(field));
  // Non-superusers only find auth records whose email is public (§4.5).
  const publicEmailOnly =
    field.name === 'email' && !st.allowHidden && st.collection.type === 'auth';
  if (publicEmailOnly) {
    const vis = column(env, st.alias, 'emailVisibility');
    op.after = (e) => sql`(${e} AND ${vis} = ${raw(d.trueLiteral)})`;
  }
  // A bare json field compares its JSON primitive (`data = 5`), never coalesced (§2.3, §4.1).
  if (field.type === 'json') {
    op.noCoalesce = true;
    op.type = 'json';
    expr = d.jsonExtract(col, '');
    mmValue = d.jsonExtract(mmCol, '');
  }
  if (modifier === 'lower') {
    expr = d.lower(expr, op.type);
    mmValue = d.lower(mmValue, op.type);
    op.type = 'textExpr';
  }
  op.build = () => expr;
  if (st.multi) {
    op.multi = { joins: st.mmJoins, value: mmValue, guards: st.mmGuards };
    if (publicEmailOnly) op.multi.emailOf = st.mmAlias;
  }
  return op;
}

/** `meta.a.0.b` → json_extract(meta, '$.a[0].b'); geoPoint `loc.lat` likewise (§2.3). */
function jsonPath(env: PathEnv, st: PathState, field: Field, rest: string[]): Operand {
  const d = env.dialect;
  const segments = [...rest];
  const [lastName, modifier] = splitModifier(segments.pop()!);
  if (modifier && modifier !== 'lower') {
    throw new FilterError(`the :${modifier} modifier is not supported on json paths`);
  }
  segments.push(lastName);
  let path = '';
  segments.forEach((p, j) => {
    if (/^\d+$/.test(p)) path += `[${p}]`;
    else path += (j > 0 ? '.' : '') + p.replace(/\W/g, '');
  });
  if (path && !path.startsWith('[')) path = `.${path}`;
  let expr = d.jsonExtract(column(env, st.alias, field.name), path);
  let mmValue = d.jsonExtract(column(env, st.mmAlias, field.name), path);
  if (modifier === 'lower') {
    expr = d.lower(expr, 'json');
    mmValue = d.lower(mmValue, 'json');
  }
  const type = modifier === 'lower' ? 'textExpr' : 'json';
  const op: Operand = { ...columnOperand(expr, type), noCoalesce: true };
  if (st.multi) op.multi = { joins: st.mmJoins, value: mmValue, guards: st.mmGuards };
  return op;
}

/** `@collection.name[:alias].path` (§2.5): a cross join, always multi-valued. */
export function collectionPath(env: PathEnv, name: string): Operand {
  const props = name.split('.');
  if (props.length < 3) throw new FilterError(`invalid @collection field path in "${name}"`);
  const head = props[1]!;
  const sep = head.indexOf(':');
  const collName = sep < 0 ? head : head.slice(0, sep);
  const userAlias = sep < 0 ? '' : head.slice(sep + 1);
  const coll = loadCollection(env, collName);
  if (!coll) throw new FilterError(`failed to load collection "${collName}" from "${name}"`);
  const key = userAlias ? `@collection:alias:${userAlias}` : `@collection:${coll.name}`;
  const alias = env.scope.join(key, coll.id, (a) => ({ source: table(env, coll), alias: a }));
  const mmAlias = env.nextAlias('__m');
  const st: PathState = {
    collection: coll,
    alias,
    key,
    mmJoins: [{ source: table(env, coll), alias: mmAlias }],
    mmAlias,
    mmGuards: [],
    multi: true,
    allowHidden: true,
    nullifyMissing: false,
  };
  return walkProps(env, st, props.slice(2));
}
