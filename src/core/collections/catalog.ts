// What tables, views and indexes exist: SQLite's sqlite_master or PostgreSQL's catalog (current schema).
import type { Conn } from '../../db/conn.ts';

/** A table named `name` (case-insensitive, as SQLite resolves names). */
export function tableExists(conn: Conn, name: string): boolean {
  const sql =
    conn.engine === 'postgres'
      ? `SELECT 1 FROM pg_catalog.pg_tables WHERE schemaname = current_schema()
          AND lower(tablename) = lower(CAST(? AS TEXT))`
      : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE";
  return conn.get(sql, [name]) !== null;
}

/**
 * A table or view named `name` (case-insensitive). On PostgreSQL also an index or sequence (e.g.
 * a `_rowid_` identity's): they share the schema's namespace with tables.
 */
export function relationExists(conn: Conn, name: string): boolean {
  const sql =
    conn.engine === 'postgres'
      ? `SELECT 1 FROM pg_catalog.pg_class WHERE relkind IN ('r', 'v', 'p', 'm', 'i', 'S')
          AND relnamespace = current_schema()::regnamespace AND lower(relname) = lower(CAST(? AS TEXT))`
      : "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE";
  return conn.get(sql, [name]) !== null;
}

/** The table that has an index named `indexName`, other than `tables`; null when none. */
export function indexOwner(conn: Conn, indexName: string, tables: string[]): string | null {
  const others = tables.map(() => 'lower(CAST(? AS TEXT))').join(', ');
  const sql =
    conn.engine === 'postgres'
      ? `SELECT tablename AS tbl_name FROM pg_catalog.pg_indexes WHERE schemaname = current_schema()
          AND lower(indexname) = lower(CAST(? AS TEXT)) AND lower(tablename) NOT IN (${others}) LIMIT 1`
      : `SELECT tbl_name FROM sqlite_master WHERE type = 'index' AND name = ? COLLATE NOCASE
          AND lower(tbl_name) NOT IN (${others}) LIMIT 1`;
  return conn.get<{ tbl_name: string }>(sql, [indexName, ...tables])?.tbl_name ?? null;
}
