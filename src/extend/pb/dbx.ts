// `$dbx` expressions and `$app.db().select(…)` queries: PocketBase's dbx builder, values always bound.
//
// Each expression builds `{sql, args}` with `?` placeholders; identifiers are double-quoted (a `"`
// inside one is doubled), so neither values nor column names can change the statement's shape.
// `exp(sql, params)` is raw SQL by design (the author's text), with `{:name}` bound from `params`.
import type { Param, Row } from '../../db/conn.ts';

type Json = { [key: string]: unknown };

export interface Built {
  sql: string;
  args: Param[];
}

export interface Expression {
  build(): Built;
}

const quote = (name: string) =>
  String(name)
    .split('.')
    .map((p) => `"${p.replaceAll('"', '""')}"`)
    .join('.');

export function toParam(v: unknown): Param {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === undefined) return null;
  if (v !== null && typeof v === 'object') return JSON.stringify(v);
  return v as Param;
}

/** `{:name}` placeholders → `?` with the bound values in order. */
export function bindParams(sql: string, params: Json = {}): Built {
  const args: Param[] = [];
  const text = sql.replace(/\{:(\w+)\}/g, (_, name: string) => {
    if (!Object.hasOwn(params, name)) throw new Error(`db query: missing param "${name}"`);
    args.push(toParam(params[name]));
    return '?';
  });
  return { sql: text, args };
}

const expr = (build: () => Built): Expression => ({ build });

function join(op: 'AND' | 'OR', list: unknown[]): Expression {
  return expr(() => {
    const parts = list.filter(isExpression).map((e) => e.build());
    const kept = parts.filter((p) => p.sql !== '');
    if (kept.length === 0) return { sql: '', args: [] };
    if (kept.length === 1) return kept[0]!;
    return {
      sql: kept.map((p) => `(${p.sql})`).join(` ${op} `),
      args: kept.flatMap((p) => p.args),
    };
  });
}

function isExpression(v: unknown): v is Expression {
  return typeof v === 'object' && v !== null && typeof (v as Expression).build === 'function';
}

function inList(col: string, values: unknown[], not: boolean): Expression {
  return expr(() => {
    if (values.length === 0) return { sql: not ? '' : '0=1', args: [] };
    const marks = values.map(() => '?').join(', ');
    return { sql: `${quote(col)} ${not ? 'NOT IN' : 'IN'} (${marks})`, args: values.map(toParam) };
  });
}

/** dbx's LIKE: each value escaped and wrapped in `%…%`, several values joined by `op`. */
function like(col: string, values: unknown[], not: boolean, op: 'AND' | 'OR'): Expression {
  return expr(() => {
    if (values.length === 0) return { sql: '', args: [] };
    const one = `${quote(col)} ${not ? 'NOT LIKE' : 'LIKE'} ? ESCAPE '\\'`;
    return {
      sql: values.map(() => one).join(` ${op} `),
      args: values.map((v) => `%${String(v).replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
    };
  });
}

function between(col: string, from: unknown, to: unknown, not: boolean): Expression {
  return expr(() => ({
    sql: `${quote(col)} ${not ? 'NOT BETWEEN' : 'BETWEEN'} ? AND ?`,
    args: [toParam(from), toParam(to)],
  }));
}

export const dbx = {
  exp: (sql: string, params?: Json) => expr(() => bindParams(String(sql), params)),
  /** `{a: 1, b: [1, 2], c: null}` → `"a"=? AND "b" IN (?, ?) AND "c" IS NULL`. */
  hashExp: (map: Json) =>
    join(
      'AND',
      Object.keys(map)
        .sort()
        .map((k) => {
          const v = map[k];
          if (v === null || v === undefined)
            return expr(() => ({ sql: `${quote(k)} IS NULL`, args: [] }));
          if (Array.isArray(v)) return inList(k, v, false);
          if (isExpression(v)) return v;
          return expr(() => ({ sql: `${quote(k)}=?`, args: [toParam(v)] }));
        }),
    ),
  not: (e: Expression) =>
    expr(() => {
      const b = e.build();
      return b.sql ? { sql: `NOT (${b.sql})`, args: b.args } : b;
    }),
  and: (...list: unknown[]) => join('AND', list),
  or: (...list: unknown[]) => join('OR', list),
  in: (col: string, ...values: unknown[]) => inList(col, values, false),
  notIn: (col: string, ...values: unknown[]) => inList(col, values, true),
  like: (col: string, ...values: unknown[]) => like(col, values, false, 'AND'),
  notLike: (col: string, ...values: unknown[]) => like(col, values, true, 'AND'),
  orLike: (col: string, ...values: unknown[]) => like(col, values, false, 'OR'),
  orNotLike: (col: string, ...values: unknown[]) => like(col, values, true, 'OR'),
  between: (col: string, from: unknown, to: unknown) => between(col, from, to, false),
  notBetween: (col: string, from: unknown, to: unknown) => between(col, from, to, true),
  exists: (e: Expression) =>
    expr(() => {
      const b = e.build();
      return { sql: `EXISTS (${b.sql})`, args: b.args };
    }),
  notExists: (e: Expression) =>
    expr(() => {
      const b = e.build();
      return { sql: `NOT EXISTS (${b.sql})`, args: b.args };
    }),
};

export interface SelectRunner {
  all(sql: string, args: Param[]): Promise<Row[]>;
}

/** `select(…).from(…).where(…).orderBy(…).limit(…)`: what `all`/`one` run is built at the end. */
export function selectQuery(
  columns: string[],
  run: SelectRunner,
  fill: (rows: Row[], target: unknown, one: boolean) => unknown,
  /** The bound LIMIT meaning "all rows": SQLite's -1; PostgreSQL refuses negatives (NULL). */
  unlimited: number | null = -1,
) {
  let table = '';
  let where: Expression | null = null;
  const order: string[] = [];
  let limit = -1;
  let offset = 0;
  let distinct = false;
  const build = (): Built => {
    if (!table) throw new Error('db().select: from() is required');
    const cols = columns.length
      ? columns.map((c) => (c === '*' || /[\s()*]/.test(c) ? c : quote(c))).join(', ')
      : '*';
    const w = where?.build();
    const orderSql = order.length ? ` ORDER BY ${order.join(', ')}` : '';
    return {
      sql: `SELECT ${distinct ? 'DISTINCT ' : ''}${cols} FROM ${quote(table)}${w?.sql ? ` WHERE ${w.sql}` : ''}${orderSql} LIMIT ? OFFSET ?`,
      args: [...(w?.args ?? []), limit < 0 ? unlimited : limit, offset],
    };
  };
  const q = {
    from(name: string) {
      table = String(name);
      return q;
    },
    distinct(on = true) {
      distinct = on;
      return q;
    },
    where(e: Expression) {
      where = e;
      return q;
    },
    andWhere(e: Expression) {
      where = where ? dbx.and(where, e) : e;
      return q;
    },
    orWhere(e: Expression) {
      where = where ? dbx.or(where, e) : e;
      return q;
    },
    /** `"views DESC"`, `"title"`: a column and an optional direction, nothing else. */
    orderBy(...cols: string[]) {
      for (const c of cols) {
        const m = /^\s*([\w.]+)\s*(ASC|DESC)?\s*$/i.exec(String(c));
        if (!m) throw new Error(`db().select: unsupported orderBy "${c}"`);
        order.push(`${quote(m[1]!)}${m[2] ? ` ${m[2].toUpperCase()}` : ''}`);
      }
      return q;
    },
    andOrderBy(...cols: string[]) {
      return q.orderBy(...cols);
    },
    limit(n: number) {
      limit = Math.trunc(Number(n));
      return q;
    },
    offset(n: number) {
      offset = Math.trunc(Number(n)) || 0;
      return q;
    },
    build,
    async all(target: unknown) {
      const b = build();
      return fill(await run.all(b.sql, b.args), target, false);
    },
    async one(target: unknown) {
      limit = 1;
      const b = build();
      return fill(await run.all(b.sql, b.args), target, true);
    },
  };
  return q;
}
