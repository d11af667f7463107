// PocketBase's system tables (`_collections`, `_params`, `_migrations`) through Drizzle's query builder,
// in the dialect of the connection, run synchronously through its `Conn`.
//
// Why build-then-run instead of a Drizzle driver: the core is synchronous over `Conn` (PostgreSQL's
// bridge included) and its writes belong to the `Conn`'s transaction; the builders only make the text.
import { pgTable } from 'drizzle-orm/pg-core';
import { drizzle as pgBuilder } from 'drizzle-orm/pg-proxy';
import { drizzle as sqliteBuilder } from 'drizzle-orm/sqlite-proxy';
import type { Conn, Param, Row } from './conn.ts';
import { collections, migrations, params } from './schema/data.ts';
import { collectionColumns, pgMigrations, pgParams } from './schema/postgres.ts';

/** Builders that never reach a database: only `toSQL()` is asked of what they build. */
const neverRun = async (): Promise<never> => {
  throw new Error('system-table queries run through a Conn (runAll/runGet/runWrite)');
};

const sqliteSide = {
  db: sqliteBuilder(neverRun),
  collections,
  params,
  migrations,
};

const pgSide = {
  db: pgBuilder(neverRun),
  // Without `_rowid_`: it is filled by its identity default, and older databases have no such column.
  collections: pgTable('_collections', collectionColumns()),
  params: pgParams,
  migrations: pgMigrations,
};

/**
 * The builder and tables for a connection. Typed as SQLite's: the calls the core makes (select /
 * insert … onConflictDoUpdate / update / delete, `eq`, `sql` fragments) have the same shape in
 * both dialects, so one query text serves both; tests/db/system-tables.test.ts runs them on both.
 * On PostgreSQL the same calls reach pg-core, which emits `$n` and its own quoting.
 */
export type SystemTables = typeof sqliteSide;

export function systemTables(conn: Conn): SystemTables {
  return conn.engine === 'postgres' ? (pgSide as unknown as SystemTables) : sqliteSide;
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
