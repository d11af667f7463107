// PocketBase's system tables (`_collections`, `_params`, `_migrations`) through Drizzle's query builder,
// in the dialect of the connection, run synchronously through its `Conn`.
//
// Why build-then-run instead of a Drizzle driver: the core is synchronous over `Conn` (PostgreSQL's
// bridge included) and its writes belong to the `Conn`'s transaction; the builders only make the text.
import { drizzle as sqliteBuilder } from 'drizzle-orm/sqlite-proxy';
import type { Conn, Param, Row } from './conn.ts';
import { collections, migrations, params } from './schema/data.ts';
import { neverRun } from './system-tables-never.ts';

const sqliteSide = {
  db: sqliteBuilder(neverRun),
  collections,
  params,
  migrations,
};

/**
 * The builder and tables for a connection. Typed as SQLite's: the calls the core makes (select /
 * insert … onConflictDoUpdate / update / delete, `eq`, `sql` fragments) have the same shape in
 * both dialects, so one query text serves both; tests/db/system-tables.test.ts runs them on both.
 * On PostgreSQL the same calls reach pg-core, which emits `$n` and its own quoting.
 */
export type SystemTables = typeof sqliteSide;

let pgSide: SystemTables | null = null;

export function systemTables(conn: Conn): SystemTables {
  if (conn.engine !== 'postgres') return sqliteSide;
  // Drizzle's pg-core (~70 modules) loads with the first PostgreSQL query, not at every start.
  // Synchronously: the core is synchronous over `Conn`, and Bun's require() takes an ES module.
  pgSide ??= (require('./system-tables-pg.ts') as typeof import('./system-tables-pg.ts'))
    .pgSide as unknown as SystemTables;
  return pgSide;
}

/** Anything Drizzle built: its SQL text and bound values, already mapped by each column's type. */
export interface Built {
  toSQL(): { sql: string; params: unknown[] };
}

/*
 * The PostgreSQL bridge rewrites `?` to `$n` and backticks to double quotes; pg-core's text has
 * neither (`$1…` and `"…"` pass through it untouched), so the same `Conn` calls run it.
 */
function text(q: Built): [string, Param[]] {
  const { sql, params } = q.toSQL();
  return [sql, params as Param[]];
}

/** Rows of a built select, shaped as the `Conn` gives them (JSON as text, booleans 0/1). */
export function runAll<T = Row>(conn: Conn, q: Built): T[] {
  return conn.all<T>(...text(q));
}

export function runGet<T = Row>(conn: Conn, q: Built): T | null {
  return conn.get<T>(...text(q));
}

export function runWrite(conn: Conn, q: Built): { changes: number } {
  return conn.run(...text(q));
}
