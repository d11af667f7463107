// A resolved operand: its SQL, the values it binds, and how it behaves in comparisons (§4).
import type { Collection } from '../collections/model.ts';
import { param, raw, type Sql, type Typed, type ValueType } from './sql.ts';

/** One LEFT JOIN: `source AS alias [ON on]`. */
export interface Join {
  source: Sql;
  alias: string;
  on?: Sql;
}

/** A joined row a restricted (client) filter may only see through its collection's listRule (§4.5). */
export interface RowGuard {
  alias: string;
  collection: Collection;
}

/** Every value of a multi-valued operand for the current row: `SELECT value FROM oneRow <joins>`. */
export interface MultiMatch {
  joins: Join[];
  value: Sql;
  /**
   * Client filters: the rows each guarded join may contribute. Without them the "all" subquery
   * would test rows the outer query hides, and answer questions about them.
   */
  guards?: RowGuard[];
  /** The alias of an auth row whose email is compared: only public emails take part. */
  emailOf?: string;
}

export interface Operand {
  /**
   * Values that came from the filter text or the request (PocketBase's "params"): they decide the
   * NULL ≡ '' shortcuts (§4.1) and get `%…%` wrapped by `~` (§4.3). Structural params (json
   * paths) are not listed here.
   */
  values: unknown[];
  /** Renders the operand with the given values (same length as `values`). */
  build(values: unknown[]): Sql;
  /** A known literal identifier: `null`, or a known non-empty boolean. */
  literal?: 'null' | 'bool';
  /** Compare with `IS` / `IS NOT` instead of the COALESCE forms (json paths, `:changed`, geo). */
  noCoalesce?: boolean;
  /** Present when the operand is multi-valued (§4.4). */
  multi?: MultiMatch;
  /** Wraps the finished comparison (email visibility guard, §4.5). */
  after?: (e: Sql) => Sql;
  /** What the SQL yields (PostgreSQL needs it); absent: a bound value, or text. */
  type?: ValueType;
}

export function render(o: Operand): Sql {
  return o.build(o.values);
}

export function typeOf(o: Operand): ValueType {
  return o.type ?? (o.values.length > 0 ? 'param' : 'textExpr');
}

/** The operand rendered with its values, and its type. */
export function renderTyped(o: Operand, values = o.values): Typed {
  return { sql: o.build(values), type: typeOf(o) };
}

export function columnOperand(expr: Sql, type: ValueType = 'textExpr'): Operand {
  return { values: [], build: () => expr, type };
}

export function valueOperand(value: unknown, wrap?: (p: Sql) => Sql): Operand {
  return {
    values: [value],
    build: (vs) => (wrap ? wrap(param(vs[0])) : param(vs[0])),
    type: wrap ? 'textExpr' : 'param',
  };
}

export const NULL_OPERAND: Operand = {
  values: [],
  build: () => raw('NULL'),
  literal: 'null',
  type: 'null',
};

/** `true`/`false` of the filter are SQLite's 1/0; `:isset` yields TRUE/FALSE (booleans on PG). */
export function boolOperand(v: boolean, text = v ? '1' : '0'): Operand {
  const type = text === '1' || text === '0' ? 'int' : 'boolExpr';
  return { values: [], build: () => raw(text), literal: 'bool', type };
}

export function numberOperand(n: number): Operand {
  return { values: [], build: () => raw(String(n)), type: 'int' };
}
