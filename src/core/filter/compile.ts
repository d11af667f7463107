// Filter → SQL WHERE fragment: prepare once per (text, collection, schema version), bind per request.
import type { Collection } from '../collections/model.ts';
import { buildComparison } from './compare.ts';
import { type Dialect, sqliteDialect } from './dialect.ts';
import { FilterError } from './errors.ts';
import { buildCall, checkCall } from './functions.ts';
import type { SignOp } from './lexer.ts';
import { MACROS, macroValue } from './macros.ts';
import { boolOperand, NULL_OPERAND, type Operand, type RowGuard, valueOperand } from './operand.ts';
import { type Operand as AstOperand, type Group, parseFilterCached } from './parser.ts';
import { isValidRequestIdentifier, resolveRequest } from './request.ts';
import { baseState, collectionPath, type PathEnv, walkProps } from './resolve.ts';
import { type FilterOptions, type FilterSchema, getField, type RequestInfo } from './schema.ts';
import { Scope } from './scope.ts';
import { raw, type Sql, sql } from './sql.ts';

/** The output: a parenthesised boolean SQL expression over the base table, `?` params in order. */
export interface CompiledFilter {
  sql: string;
  params: unknown[];
  /** Ids of the collections the expression joins (relations, back-relations, @collection, auth). */
  collections: string[];
}

type PreparedOperand =
  | { kind: 'static'; op: Operand }
  | { kind: 'request'; name: string }
  | { kind: 'macro'; name: string }
  | { kind: 'call'; name: string; args: PreparedOperand[] };

type PreparedNode =
  | { kind: 'group'; items: { join: '&&' | '||'; node: PreparedNode }[] }
  | { kind: 'cmp'; left: PreparedOperand; op: SignOp; right: PreparedOperand };

/** A compiled template: schema resolution done; `bind` only resolves `@request.*`/macros and emits. */
export interface PreparedFilter {
  bind(ctx?: RequestInfo): CompiledFilter;
}

const FIELD_SHAPE = /^\w+[\w.:]*$/;
const COLLECTION_SHAPE = /^@collection\.\w+(:\w+)?\.[\w.:]*\w$/;
const LITERALS = ['null', 'true', 'false'];

function makeEnv(
  collection: Collection,
  schema: FilterSchema,
  options: FilterOptions,
  scope: Scope,
): PathEnv {
  const dialect: Dialect = options.dialect ?? sqliteDialect;
  return {
    schema,
    base: collection,
    baseAlias: options.tableAlias ?? collection.name,
    scope,
    dialect,
    restricted: options.restricted ?? false,
    nextAlias: (p) => scope.nextAlias(p),
  };
}

function prepareIdent(env: PathEnv, name: string): PreparedOperand {
  if (MACROS.includes(name)) return { kind: 'macro', name };
  if (name.startsWith('@request.')) {
    if (!isValidRequestIdentifier(name)) throw new FilterError(`invalid field "${name}"`);
    return { kind: 'request', name };
  }
  if (name.startsWith('@collection.')) {
    if (!COLLECTION_SHAPE.test(name)) throw new FilterError(`invalid field "${name}"`);
    return { kind: 'static', op: collectionPath(env, name) };
  }
  if (!FIELD_SHAPE.test(name)) throw new FilterError(`invalid field "${name}"`);
  // null/true/false only when no field claims the name (§2.6: resolution order).
  const lower = name.toLowerCase();
  if (LITERALS.includes(lower) && !getField(env.base, name)) {
    return { kind: 'static', op: lower === 'null' ? NULL_OPERAND : boolOperand(lower === 'true') };
  }
  return { kind: 'static', op: walkProps(env, baseState(env, !env.restricted), name.split('.')) };
}

function prepareOperand(env: PathEnv, o: AstOperand): PreparedOperand {
  switch (o.kind) {
    case 'text':
      return { kind: 'static', op: valueOperand(o.value) };
    case 'number':
      return { kind: 'static', op: valueOperand(o.value) };
    case 'ident':
      return prepareIdent(env, o.name);
    case 'call':
      checkCall(o.name, o.args);
      return { kind: 'call', name: o.name, args: o.args.map((a) => prepareOperand(env, a)) };
  }
}

function prepareNode(env: PathEnv, g: Group): PreparedNode {
  return {
    kind: 'group',
    items: g.items.map(({ join, node }) => ({
      join,
      node:
        node.kind === 'group'
          ? prepareNode(env, node)
          : {
              kind: 'cmp',
              left: prepareOperand(env, node.left),
              op: node.op,
              right: prepareOperand(env, node.right),
            },
    })),
  };
}

function bindOperand(env: PathEnv, ctx: RequestInfo, p: PreparedOperand, now: Date): Operand {
  switch (p.kind) {
    case 'static':
      return p.op;
    case 'macro':
      return valueOperand(macroValue(p.name, now));
    case 'request':
      return resolveRequest(env, ctx, p.name);
    case 'call':
      return buildCall(
        p.name,
        p.args.map((a) => bindOperand(env, ctx, a, now)),
        env.dialect,
      );
  }
}

function emit(env: PathEnv, ctx: RequestInfo, node: PreparedNode, now: Date): Sql {
  if (node.kind === 'cmp') {
    const left = bindOperand(env, ctx, node.left, now);
    const right = bindOperand(env, ctx, node.right, now);
    return buildComparison(left, node.op, right, env);
  }
  let out: Sql | null = null;
  for (const { join, node: child } of node.items) {
    const part =
      child.kind === 'group' ? sql`(${emit(env, ctx, child, now)})` : emit(env, ctx, child, now);
    out = out ? sql`${out} ${raw(join === '&&' ? 'AND' : 'OR')} ${part}` : part;
  }
  return out ?? raw('1=1');
}

/**
 * Parses (cached) and resolves `expr` against `collection`. Throws FilterSyntaxError/FilterError
 * (both 400). The result is safe to cache per (text, collection.id, schema version, options).
 */
export function prepareFilter(
  expr: string,
  collection: Collection,
  schema: FilterSchema,
  options: FilterOptions = {},
): PreparedFilter {
  const ast = parseFilterCached(expr);
  const scope = new Scope();
  const env = makeEnv(collection, schema, options, scope);
  const root = prepareNode(env, ast);
  // Joined collections' listRules, compiled against the join alias (rules themselves are exempt).
  const guards = scope.guards.map((g) => ({
    alias: g.alias,
    rule: prepareFilter(g.collection.listRule ?? '', g.collection, schema, {
      dialect: env.dialect,
      tableAlias: g.alias,
    }),
  }));
  // The same listRules for the rows of "all" subqueries (§4.4), prepared on first use per alias.
  const multiGuards = new Map<string, PreparedFilter>();
  const guardRule = (g: RowGuard): PreparedFilter => {
    let rule = multiGuards.get(g.alias);
    if (!rule) {
      rule = prepareFilter(g.collection.listRule ?? '', g.collection, schema, {
        dialect: env.dialect,
        tableAlias: g.alias,
      });
      multiGuards.set(g.alias, rule);
    }
    return rule;
  };
  // A guest's bind of a filter that reads nothing of the request but `@request.auth.*` (all null
  // for a guest) and no macro always gives the same SQL: kept after the first one, when it needed
  // no join and no row guard (those bind other rules, which may read more of the request).
  const guestConstant = readsOnlyAuth(root);
  let forGuests: { sql: string; params: unknown[] } | null = null;
  return {
    bind(ctx: RequestInfo = {}): CompiledFilter {
      const guest = guestConstant && !ctx.auth;
      if (guest && forGuests) {
        return { sql: forGuests.sql, params: [...forGuests.params], collections: [] };
      }
      const s = scope.clone();
      const d = env.dialect;
      let guarded = false;
      const benv: PathEnv = {
        ...env,
        scope: s,
        nextAlias: (p) => s.nextAlias(p),
        rowGuard: (g) => {
          guarded = true;
          return visibleRow(d, g.alias, guardRule(g).bind(ctx));
        },
      };
      const now = ctx.now ?? new Date();
      let where = emit(benv, ctx, root, now);
      if (s.joins.length === 0) {
        const text = `(${where.text})`;
        if (guest && !guarded) forGuests = { sql: text, params: [...where.params] };
        return { sql: text, params: where.params, collections: [] };
      }
      for (const g of guards) {
        where = sql`(${where}) AND ${visibleRow(d, g.alias, g.rule.bind(ctx))}`;
      }
      let from = raw(d.oneRow);
      for (const j of s.joins) from = sql`${from} ${d.leftJoin(j.source, j.alias, j.on)}`;
      // Self-contained: the joins live in a correlated EXISTS, so callers need no DISTINCT.
      const out = sql`EXISTS (SELECT 1 FROM ${from} WHERE ${where})`;
      return { sql: `(${out.text})`, params: out.params, collections: [...s.collections] };
    },
  };
}

/** Whether `node` reads no macro and nothing of the request but `@request.auth.*`. */
function readsOnlyAuth(node: PreparedNode): boolean {
  if (node.kind === 'cmp')
    return operandReadsOnlyAuth(node.left) && operandReadsOnlyAuth(node.right);
  return node.items.every((item) => readsOnlyAuth(item.node));
}

function operandReadsOnlyAuth(p: PreparedOperand): boolean {
  switch (p.kind) {
    case 'static':
      return true;
    case 'macro':
      return false;
    case 'request':
      return p.name.startsWith('@request.auth.');
    case 'call':
      return p.args.every(operandReadsOnlyAuth);
  }
}

/**
 * A joined row passes its collection's listRule, or there is no row: the LEFT JOIN's NULLs are
 * PocketBase's `id = ''` (§4.1), so a record with an empty relation still matches `rel.x = ''`.
 */
export function visibleRow(
  d: Dialect,
  alias: string,
  rule: { sql: string; params: unknown[] },
): Sql {
  const id = raw(`${d.quoteIdent(alias)}.${d.quoteIdent('id')}`);
  return sql`(COALESCE(${id}, '') = '' OR ${{ text: rule.sql, params: rule.params }})`;
}

/** One-shot compile: prepare + bind. */
export function compileFilter(
  expr: string,
  collection: Collection,
  schema: FilterSchema,
  ctx: RequestInfo = {},
  options: FilterOptions = {},
): CompiledFilter {
  return prepareFilter(expr, collection, schema, options).bind(ctx);
}
