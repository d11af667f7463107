// A connection handle: bun:sqlite with Drizzle over it, plus cached prepared statements for dynamic SQL.
import type { Database, SQLQueryBindings } from 'bun:sqlite';
import { type BunSQLiteDatabase, drizzle } from 'drizzle-orm/bun-sqlite';

export type Param = SQLQueryBindings;
export type Row = Record<string, unknown>;

/**
 * Everything above `db/` talks to SQLite through this. `query()` caches the compiled statement
 * by its SQL text, so dynamic collection SQL (always bound parameters) is prepared once and reused.
 */
export interface Conn {
  readonly raw: Database;
  readonly orm: BunSQLiteDatabase;
  all<T = Row>(sql: string, params?: readonly Param[]): T[];
  get<T = Row>(sql: string, params?: readonly Param[]): T | null;
  run(sql: string, params?: readonly Param[]): { changes: number };
  /** Runs DDL or several statements at once; never for values (no binding). */
  exec(sql: string): void;
}

export function wrapConnection(raw: Database): Conn {
  const orm = drizzle({ client: raw });
  return {
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
  };
}
