// Reads a test server's database on either engine: rows, tables, columns and DDL (sqlite_master or
// PostgreSQL's catalog), so schema tests run under SATCHEL_TEST_DB=postgres too.
import type { Conn } from '../../src/db/conn.ts';
import { type TestServer, testEngine } from './server.ts';

export interface SchemaEntry {
  type: 'table' | 'index' | 'view';
  name: string;
  sql: string;
}

/** Rows of `sql` on the server's own reader (backtick identifiers work on both engines). */
export function dbRows(server: TestServer, sql: string): Record<string, unknown>[] {
  return server.app.core.store.reader.all(sql);
}

const isPg = (server: TestServer) => server.app.core.store.reader.engine === 'postgres';

/** Names of the tables and views among `names` that exist (case-sensitive, in the order given). */
export function existingRelations(server: TestServer, names: string[]): string[] {
  const conn = server.app.core.store.reader;
  const sql = isPg(server)
    ? `SELECT relname AS name FROM pg_catalog.pg_class WHERE relkind IN ('r', 'v')
        AND relnamespace = current_schema()::regnamespace AND relname = CAST(? AS TEXT)`
    : "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?";
  return names.filter((n) => conn.get(sql, [n]) !== null);
}

/** Column names of a table in their order (PostgreSQL's `_rowid_` left out: SQLite's is implicit). */
export function tableColumns(server: TestServer, table: string): string[] {
  return columnsOf(server.app.core.store.reader, table);
}

/** `tableColumns` on a connection. */
export function columnsOf(conn: Conn, table: string): string[] {
  const sql =
    conn.engine === 'postgres'
      ? `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema()
        AND table_name = CAST(? AS TEXT) AND column_name <> '_rowid_' ORDER BY ordinal_position`
      : 'SELECT name FROM pragma_table_info(?)';
  return conn.all<{ name: string }>(sql, [table]).map((r) => r.name);
}

/**
 * The DDL of a table and its indexes/views: SQLite's stored text, or on PostgreSQL a CREATE TABLE
 * rebuilt from the catalog in SQLite's shape (backticked names, declared types) plus pg_indexes'
 * and pg_views' definitions.
 */
export function schemaOf(server: TestServer, name: string): SchemaEntry[] {
  const conn = server.app.core.store.reader;
  if (!isPg(server))
    return conn.all<SchemaEntry>(
      'SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL',
      [name],
    );
  const out: SchemaEntry[] = [];
  const cols = conn.all<{ name: string; type: string; dflt: string | null; notnull: number }>(
    `SELECT a.attname AS name, upper(format_type(a.atttypid, a.atttypmod)) AS type,
        pg_get_expr(d.adbin, d.adrelid) AS dflt, a.attnotnull AS notnull
       FROM pg_catalog.pg_attribute a
       LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE a.attrelid = (SELECT oid FROM pg_catalog.pg_class WHERE relkind = 'r'
              AND relnamespace = current_schema()::regnamespace AND relname = CAST(? AS TEXT))
        AND a.attnum > 0 AND NOT a.attisdropped AND a.attname <> '_rowid_'
      ORDER BY a.attnum`,
    [name],
  );
  if (cols.length) {
    const defs = cols.map(
      (c) =>
        `\`${c.name}\` ${c.type}${c.dflt ? ` DEFAULT ${c.dflt}` : ''}${c.notnull ? ' NOT NULL' : ''}`,
    );
    out.push({ type: 'table', name, sql: `CREATE TABLE \`${name}\` (${defs.join(', ')})` });
  }
  for (const r of conn.all<{ name: string; sql: string }>(
    `SELECT indexname AS name, indexdef AS sql FROM pg_catalog.pg_indexes
      WHERE schemaname = current_schema() AND tablename = CAST(? AS TEXT) AND indexname NOT LIKE '%_pkey'`,
    [name],
  ))
    out.push({ type: 'index', ...r });
  for (const r of conn.all<{ name: string; sql: string }>(
    `SELECT viewname AS name, definition AS sql FROM pg_catalog.pg_views
      WHERE schemaname = current_schema() AND viewname = CAST(? AS TEXT)`,
    [name],
  ))
    out.push({ type: 'view', name: r.name, sql: `CREATE VIEW \`${r.name}\` AS ${r.sql}` });
  return out;
}

/** Names of the tables and views whose name matches the LIKE `pattern`. */
export function relationsLike(server: TestServer, pattern: string): string[] {
  const sql = isPg(server)
    ? `SELECT relname AS name FROM pg_catalog.pg_class WHERE relkind IN ('r', 'v')
        AND relnamespace = current_schema()::regnamespace AND relname LIKE CAST(? AS TEXT)`
    : "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name LIKE ?";
  return server.app.core.store.reader.all<{ name: string }>(sql, [pattern]).map((r) => r.name);
}

/** A fresh PostgreSQL database under `SATCHEL_TEST_DB=postgres` (for `openCore`), else undefined. */
export async function testDbUrl(prefix = 'satchel_core'): Promise<string | undefined> {
  if (testEngine !== 'postgres') return undefined;
  const { testPostgres } = await import('./postgres.ts');
  return (await testPostgres()).createDatabase(prefix);
}
