// A connection handle: the same synchronous interface over bun:sqlite and over PostgreSQL (src/db/pg/).
import type { Database, SQLQueryBindings } from 'bun:sqlite';
import { type BunSQLiteDatabase, drizzle } from 'drizzle-orm/bun-sqlite';

export type Param = SQLQueryBindings;
export type Row = Record<string, unknown>;

/** The database engine behind a connection: code that needs engine-specific SQL asks this. */
export type Engine = 'sqlite' | 'postgres';

/**
 * Everything above `db/` talks to the database through this, with `?` placeholders and bound values
 * only. On SQLite `query()` caches the compiled statement by its SQL text, so dynamic collection SQL
 * is prepared once and reused; on PostgreSQL the bridge rewrites placeholders and identifiers and
 * hands back rows shaped as SQLite's (JSON as text, booleans as 0/1).
 */
export interface Conn {
  readonly engine: Engine;
  all<T = Row>(sql: string, params?: readonly Param[]): T[];
  get<T = Row>(sql: string, params?: readonly Param[]): T | null;
  run(sql: string, params?: readonly Param[]): { changes: number };
  /** Runs DDL or several statements at once; never for values (no binding). */
  exec(sql: string): void;
  /** Rows of a one-off query text (a user's view or console SQL): not kept in a statement cache. */
  allOnce<T = Row>(sql: string): T[];
  /** Column names the query would return; it is compiled, not run. Throws the engine's error. */
  columns(sql: string): string[];
  /** True between BEGIN and COMMIT/ROLLBACK on this connection. */
  readonly inTransaction: boolean;
}

/** A bun:sqlite connection: the handle itself for what only SQLite has (backups, the SQL console). */
export interface SqliteConn extends Conn {
  readonly engine: 'sqlite';
  readonly raw: Database;
  readonly orm: BunSQLiteDatabase;
}

export function isSqlite(conn: Conn): conn is SqliteConn {
  return conn.engine === 'sqlite';
}

/** The bun:sqlite handle of a connection that must be SQLite (callers check `engine` first). */
export function sqliteHandle(conn: Conn): Database {
  if (!isSqlite(conn)) throw new Error(`this needs SQLite, not ${conn.engine}`);
  return conn.raw;
}

export function wrapConnection(raw: Database): SqliteConn {
  const orm = drizzle({ client: raw });
  return {
    engine: 'sqlite',
    raw,
    orm,
    all: <T>(sql: string, params: readonly Param[] = []) =>
      raw.query(sql).all(...(params as Param[])) as T[],
    get: <T>(sql: string, params: readonly Param[] = []) =>
      (raw.query(sql).get(...(params as Param[])) as T | null) ?? null,
    run: (sql, params = []) => {
      const r = raw.query(sql).run(...(params as Param[]));
      return { changes: r.changes };
    },
    exec: (sql) => {
      raw.run(sql);
    },
    allOnce: <T>(sql: string) => {
      const stmt = raw.prepare(sql);
      try {
        return stmt.all() as T[];
      } finally {
        stmt.finalize();
      }
    },
    columns: (sql) => {
      const stmt = raw.prepare(sql);
      try {
        return [...stmt.columnNames];
      } finally {
        stmt.finalize();
      }
    },
    get inTransaction() {
      return raw.inTransaction;
    },
  };
}
