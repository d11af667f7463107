// One comparison → SQL with PocketBase's exact semantics: NULL ≡ '' (§4.1), LIKE (§4.3), all/any (§4.4).

import type { CompareOp, Dialect } from './dialect.ts';
import type { SignOp } from './lexer.ts';
import { likePattern } from './like.ts';
import {
  columnOperand,
  type MultiMatch,
  type Operand,
  type RowGuard,
  renderTyped,
} from './operand.ts';
import { raw, type Sql, sql, type Typed } from './sql.ts';

export interface CompareEnv {
  dialect: Dialect;
  nextAlias(prefix: string): string;
  /** The visibility condition of a guarded joined row (its listRule, bound); set while binding. */
  rowGuard?(guard: RowGuard): Sql;
}

const isEmptyValue = (v: unknown) => v === null || v === undefined || v === '';

function isEmpty(o: Operand): boolean {
  return o.literal === 'null' || (o.values.length === 1 && isEmptyValue(o.values[0]));
}

function isKnownNonEmpty(o: Operand): boolean {
  if (o.literal === 'bool') return true;
  return o.values.length > 0 && !o.values.some(isEmptyValue) && o.literal !== 'null';
}

const EMPTY: Typed = { sql: raw("''"), type: 'textExpr' };

function equality(equal: boolean, left: Operand, right: Operand, d: Dialect): Sql {
  const L = renderTyped(left);
  const R = renderTyped(right);
  if (left.noCoalesce || right.noCoalesce) return d.compare(L, equal ? 'IS' : 'IS NOT', R);
  const lEmpty = isEmpty(left);
  const rEmpty = isEmpty(right);
  const op = equal ? '=' : 'IS NOT';
  if (lEmpty && rEmpty) return d.compare(EMPTY, op, EMPTY);
  if (isKnownNonEmpty(left) || isKnownNonEmpty(right)) {
    return d.compare(lEmpty ? EMPTY : L, op, rEmpty ? EMPTY : R);
  }
  const nullCheck = raw(equal ? 'IS NULL' : 'IS NOT NULL');
  const concat = raw(equal ? 'OR' : 'AND');
  if (lEmpty) return sql`(${d.compare(EMPTY, op, R)} ${concat} ${R.sql} ${nullCheck})`;
  if (rEmpty) return sql`(${d.compare(L, op, EMPTY)} ${concat} ${L.sql} ${nullCheck})`;
  return d.compare(d.coalesceText(L), op, d.coalesceText(R));
}

function like(negate: boolean, left: Operand, right: Operand, d: Dialect): Sql {
  if (right.values.length === 0) {
    return d.like(renderTyped(left), d.likeContains(renderTyped(right)), negate);
  }
  return d.like(renderTyped(left), renderTyped(right, right.values.map(likePattern)), negate);
}

/** The plain operator part, without multi-match handling. */
function basic(op: SignOp, left: Operand, right: Operand, d: Dialect): Sql {
  const base = op.startsWith('?') ? op.slice(1) : op;
  switch (base) {
    case '=':
      return equality(true, left, right, d);
    case '!=':
      return equality(false, left, right, d);
    case '~':
      return like(false, left, right, d);
    case '!~':
      return like(true, left, right, d);
    default:
      return d.compare(renderTyped(left), base as CompareOp, renderTyped(right));
  }
}

function subquery(m: MultiMatch, env: CompareEnv): Sql {
  const d = env.dialect;
  let from = raw(d.oneRow);
  for (const j of m.joins) from = sql`${from} ${d.leftJoin(j.source, j.alias, j.on)}`;
  const visible: Sql[] = [];
  for (const g of m.guards ?? []) {
    // Fail closed: a guarded path compiled without the means to guard it is a bug, not a pass.
    if (!env.rowGuard) throw new Error('multi-match guard without a rowGuard');
    visible.push(env.rowGuard(g));
  }
  if (m.emailOf) {
    const t = d.quoteIdent(m.emailOf);
    visible.push(
      raw(
        `(${t}.${d.quoteIdent('id')} IS NULL OR ${t}.${d.quoteIdent('emailVisibility')} = ${d.trueLiteral})`,
      ),
    );
  }
  const select = sql`SELECT ${m.value} AS "v" FROM ${from}`;
  if (visible.length === 0) return select;
  return visible.reduce(
    (q, cond, i) => (i === 0 ? sql`${q} WHERE ${cond}` : sql`${q} AND ${cond}`),
    select,
  );
}

/** Builds `left op right`; non-`?` operators on multi-valued operands get the ALL check (§4.4). */
export function buildComparison(left: Operand, op: SignOp, right: Operand, env: CompareEnv): Sql {
  const d = env.dialect;
  let expr = basic(op, left, right, d);
  if (!op.startsWith('?')) {
    if (left.multi && right.multi) {
      const la = env.nextAlias('__ml');
      const ra = env.nextAlias('__mr');
      const l: Operand = {
        ...columnOperand(raw(`${d.quoteIdent(la)}."v"`), left.type),
        noCoalesce: left.noCoalesce,
      };
      const r: Operand = {
        ...columnOperand(raw(`${d.quoteIdent(ra)}."v"`), right.type),
        noCoalesce: right.noCoalesce,
      };
      const cond = basic(op, l, r, d);
      const lq = subquery(left.multi, env);
      const rq = subquery(right.multi, env);
      const pairs = sql`(${lq}) ${raw(d.quoteIdent(la))} ${d.leftJoin(sql`(${rq})`, ra)}`;
      expr = sql`(${expr} AND NOT EXISTS (SELECT 1 FROM ${pairs} WHERE NOT (${cond})))`;
    } else if (left.multi || right.multi) {
      const inverse = !left.multi;
      const many = (inverse ? right : left) as Operand & { multi: MultiMatch };
      const other = inverse ? left : right;
      const alias = env.nextAlias('__mm');
      const mv: Operand = {
        ...columnOperand(raw(`${d.quoteIdent(alias)}."v"`), many.type),
        noCoalesce: many.noCoalesce,
      };
      // PocketBase rebuilds the other side from its SQL and values only (no noCoalesce/guard).
      const o: Operand = {
        values: other.values,
        build: other.build,
        literal: other.literal,
        type: other.type,
      };
      const cond = inverse ? basic(op, o, mv, d) : basic(op, mv, o, d);
      const q = subquery(many.multi, env);
      expr = sql`(${expr} AND NOT EXISTS (SELECT 1 FROM (${q}) ${raw(d.quoteIdent(alias))} WHERE NOT (${cond})))`;
    }
  }
  if (left.after) expr = left.after(expr);
  if (right.after) expr = right.after(expr);
  return expr;
}
