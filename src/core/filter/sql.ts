// SQL fragments with positional `?` params kept in text order, so pieces compose without renumbering.

export interface Sql {
  text: string;
  params: unknown[];
}

/** A fragment of trusted SQL text (never user input) with no params. */
export function raw(text: string): Sql {
  return { text, params: [] };
}

/** One bound value. */
export function param(value: unknown): Sql {
  return { text: '?', params: [value] };
}

/** Template tag: literal parts are trusted text, interpolations must be Sql fragments. */
export function sql(strings: TemplateStringsArray, ...parts: Sql[]): Sql {
  let text = strings[0]!;
  const params: unknown[] = [];
  parts.forEach((p, i) => {
    text += p.text + strings[i + 1]!;
    params.push(...p.params);
  });
  return { text, params };
}

/**
 * What an operand's SQL yields. SQLite ignores it; PostgreSQL needs it to reproduce SQLite's
 * comparison rules (storage classes and column affinity) over typed columns.
 * - `text`/`number`/`bool`: a column of that field kind (SQLite: TEXT / NUMERIC affinity);
 * - `textExpr`/`numExpr`/`boolExpr`/`int`: expressions and literals (no affinity);
 * - `json`: one JSON value (json path, json_each item) whose type decides at run time;
 * - `jsonText`: a JSON column compared as its text (multi-value fields, geoPoint);
 * - `param`: one bound value (`?`), typed by its JS value.
 */
export type ValueType =
  | 'text'
  | 'textExpr'
  | 'number'
  | 'numExpr'
  | 'bool'
  | 'boolExpr'
  | 'int'
  | 'json'
  | 'jsonText'
  | 'null'
  | 'param';

export interface Typed {
  sql: Sql;
  type: ValueType;
}

export function typed(s: Sql, type: ValueType): Typed {
  return { sql: s, type };
}
