// The few SQL fragments records, auth, realtime and logs need that differ between SQLite and
// PostgreSQL: one place decides by `conn.engine`, and the SQLite text is what it always was.
import type { Conn, Engine } from '../../db/conn.ts';
import type { Field } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { type Dialect, sqliteDialect } from '../filter/index.ts';

let postgresDialect: Dialect | null = null;

/** The filter compiler's dialect for an engine. PostgreSQL's loads with its first compile only. */
export function filterDialect(engine: Engine): Dialect {
  if (engine !== 'postgres') return sqliteDialect;
  postgresDialect ??= (
    require('../filter/dialect-postgres.ts') as typeof import('../filter/dialect-postgres.ts')
  ).postgresDialect;
  return postgresDialect;
}

/**
 * `FROM` item listing the items of a JSON array bound as one `?` parameter, each as text in a
 * column `value`: `x IN (SELECT value FROM ${boundArrayItems(e)})`.
 */
export function boundArrayItems(engine: Engine): string {
  return engine === 'postgres'
    ? 'jsonb_array_elements_text(CAST(? AS JSONB)) AS je_bound(value)'
    : 'json_each(?)';
}

/**
 * `FROM` item over the items of a multi-value column (a JSON array, or one plain value taken as a
 * one-item list), each in `${alias}.value`. On PostgreSQL a multi-value column is JSONB and a
 * single one TEXT; `to_jsonb` takes both.
 */
export function columnItems(engine: Engine, col: string, alias: string): string {
  if (engine === 'postgres') {
    const j = `to_jsonb(${col})`;
    return `jsonb_array_elements_text(CASE WHEN jsonb_typeof(${j}) = 'array' THEN ${j} ELSE jsonb_build_array(${col}) END) AS ${alias}(value)`;
  }
  return `json_each(CASE WHEN iif(json_valid(${col}), json_type(${col}) = 'array', FALSE) THEN ${col} ELSE json_array(${col}) END) AS ${alias}`;
}

/**
 * `col = ?` compared with an index collation (`NOCASE` → any ASCII case, `RTRIM` → trailing spaces
 * ignored). PostgreSQL has no such collations: the same comparison through lower()/rtrim().
 */
export function collatedEquals(engine: Engine, col: string, collate: string | null): string {
  if (!collate) return `${col} = ?`;
  if (engine !== 'postgres') return `${col} = ? COLLATE ${collate}`;
  switch (collate.toUpperCase()) {
    case 'NOCASE':
      return `lower(${col}) = lower(CAST(? AS TEXT))`;
    case 'RTRIM':
      return `rtrim(${col}, ' ') = rtrim(CAST(? AS TEXT), ' ')`;
    default:
      return `${col} = ?`;
  }
}

/** The insertion-order column of a base/auth table (PostgreSQL's tables carry `_rowid_`). */
export function rowidColumn(engine: Engine): string {
  return engine === 'postgres' ? '"_rowid_"' : '"rowid"';
}

/** The order a list without `sort` comes in: SQLite's rowid order, the same column on PostgreSQL. */
export function naturalOrder(engine: Engine, table: string, isView: boolean): string {
  return engine === 'postgres' && !isView ? ` ORDER BY ${table}."_rowid_"` : '';
}

/** `created`-style text date → its hour, `2024-05-01 13:00:00`. */
export function hourOf(engine: Engine, col: string): string {
  return engine === 'postgres'
    ? `substr(${col}, 1, 13) || ':00:00'`
    : `strftime('%Y-%m-%d %H:00:00', ${col})`;
}

/**
 * Runs a query whose failure the caller handles and goes on from. Inside a PostgreSQL transaction a
 * failed statement aborts the whole transaction, so there it runs under a savepoint; SQLite's
 * statement failures leave the transaction as it was.
 */
export function tryQuery<T>(conn: Conn, fn: () => T): T {
  if (conn.engine !== 'postgres' || !conn.inTransaction) return fn();
  conn.exec('SAVEPOINT satchel_try');
  try {
    const out = fn();
    conn.exec('RELEASE SAVEPOINT satchel_try');
    return out;
  } catch (err) {
    conn.exec('ROLLBACK TO SAVEPOINT satchel_try');
    conn.exec('RELEASE SAVEPOINT satchel_try');
    throw err;
  }
}

/** The engine behind a core's store. */
export function engineOf(core: Core): Engine {
  return core.store.reader.engine;
}

/** PostgreSQL's column type for a field (PG-DESIGN.md), as a one-row SELECT of values must cast. */
function pgType(field: Field): string {
  switch (field.type) {
    case 'number':
      return 'DOUBLE PRECISION';
    case 'bool':
      return 'BOOLEAN';
    case 'json':
    case 'geoPoint':
      return 'JSONB';
    case 'select':
    case 'relation':
    case 'file':
      return typeof field.maxSelect === 'number' && field.maxSelect > 1 ? 'JSONB' : 'TEXT';
    default:
      return 'TEXT';
  }
}

/**
 * A bound value standing in for a field's column (`SELECT ? AS "n"` as a one-row table): SQLite
 * compares by value, PostgreSQL would read an untyped parameter as text, so it gets the column's type.
 */
export function fieldParam(engine: Engine, field: Field): string {
  return engine === 'postgres' ? `CAST(? AS ${pgType(field)})` : '?';
}

/**
 * A JSON list of `[id, email]` pairs bound as one `?`, as a `FROM` item `alias` whose `key` is the
 * 0-based position; `pairItem(e, alias, i)` reads the pair's i-th value as text.
 */
export function boundPairs(engine: Engine, alias: string): string {
  return engine === 'postgres'
    ? `(SELECT value, ord - 1 AS key FROM jsonb_array_elements(CAST(? AS JSONB)) WITH ORDINALITY AS p(value, ord)) AS ${alias}`
    : `json_each(?) AS ${alias}`;
}

export function pairItem(engine: Engine, alias: string, index: number): string {
  return engine === 'postgres'
    ? `(${alias}.value ->> ${index})`
    : `json_extract(${alias}.value, '$[${index}]')`;
}

/** `boundPairs` over a JSON list of strings instead: the item itself, as text. */
export function soleItem(engine: Engine, alias: string): string {
  return engine === 'postgres' ? `(${alias}.value #>> '{}')` : `${alias}.value`;
}

/** The filter compiler's dialect for a core's engine: every compile passes this. */
export function coreFilterDialect(core: Core): Dialect {
  return filterDialect(engineOf(core));
}

/** The bound `LIMIT ?` meaning "no limit": SQLite's -1, PostgreSQL's NULL (it refuses negatives). */
export function noLimit(engine: Engine): number | null {
  return engine === 'postgres' ? null : -1;
}
