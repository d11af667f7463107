// VIEW bookkeeping around DDL: detach/restore all views, and tell which views still compile.
// SQLite keeps views in sqlite_master; PostgreSQL in pg_class (one schema: the connection's).
import type { Conn } from '../../db/conn.ts';
import { attempt } from './ddl.ts';

interface ViewRow {
  name: string;
  sql: string;
}

function listViews(conn: Conn): ViewRow[] {
  if (conn.engine === 'postgres') {
    // The creation statement rebuilt from the catalog (PostgreSQL keeps the parsed query).
    return conn
      .all<{ name: string; def: string }>(
        `SELECT c.relname AS name, pg_get_viewdef(c.oid) AS def FROM pg_catalog.pg_class c
          WHERE c.relkind = 'v' AND c.relnamespace = current_schema()::regnamespace ORDER BY c.oid`,
      )
      .map((v) => ({ name: v.name, sql: `CREATE VIEW ${quote(v.name)} AS ${v.def}` }));
  }
  return conn.all<ViewRow>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'view' AND sql IS NOT NULL ORDER BY rowid",
  );
}

const quote = (name: string) => `\`${name.replaceAll('`', '``')}\``;

/**
 * Drops every view and returns a function that recreates them (but `dropOnly`) from their SQL. SQLite checks the
 * whole schema on some ALTERs, so one dangling view would otherwise block unrelated changes.
 */
export function detachViews(
  tx: Conn,
  dropOnly: (string | undefined)[] = [],
): (create?: string) => void {
  const gone = new Set(dropOnly.flatMap((n) => (n ? [n.toLowerCase()] : [])));
  const all = listViews(tx);
  const views = all.filter((v) => !gone.has(v.name.toLowerCase()));
  if (tx.engine === 'postgres') {
    // PostgreSQL refuses to drop or retype a column a view reads, and to create a view over a
    // missing one: views come back in passes (one may read another), those that cannot stay
    // dropped and `brokenViews` reports them. `create` (a new view) must succeed: its error is thrown.
    for (const v of [...all].reverse()) tx.exec(`DROP VIEW IF EXISTS ${quote(v.name)} CASCADE`);
    return (create) => {
      let pending = [...(create ? [create] : []), ...views.map((v) => v.sql)];
      while (pending.length) {
        const failed = pending.filter((sql) => !attempt(tx, () => tx.exec(sql)));
        if (failed.length === pending.length) break;
        pending = failed;
      }
      if (create && pending.includes(create)) tx.exec(create);
    };
  }
  for (const v of [...all].reverse()) tx.exec(`DROP VIEW IF EXISTS ${quote(v.name)}`);
  return () => {
    for (const v of views) tx.exec(v.sql);
  };
}

/** True when selecting from the view compiles (its tables and columns exist). */
export function viewCompiles(conn: Conn, name: string): boolean {
  try {
    conn.columns(`SELECT * FROM \`${name.replaceAll('`', '``')}\` LIMIT 0`);
    return true;
  } catch {
    return false;
  }
}

/** Names of the views that compile right now. */
export function workingViews(conn: Conn): string[] {
  return listViews(conn)
    .map((v) => v.name)
    .filter((name) => viewCompiles(conn, name));
}

/**
 * Of `before`, the views that exist but no longer compile (SQLite), or that are gone
 * (PostgreSQL, where a view that would not compile cannot exist).
 */
export function brokenViews(conn: Conn, before: string[]): string[] {
  const existing = new Set(listViews(conn).map((v) => v.name.toLowerCase()));
  if (conn.engine === 'postgres') return before.filter((name) => !existing.has(name.toLowerCase()));
  return before.filter((name) => existing.has(name.toLowerCase()) && !viewCompiles(conn, name));
}

const WRAPPED = /^CREATE\s+VIEW\s+\S+\s+AS\s+SELECT\s+\*\s+FROM\s+\(([\s\S]*)\)\s*$/i;

/** PostgreSQL's text of a view made by `saveView`: `SELECT _v.a, … FROM ( <query> ) _v;`. */
const PG_WRAPPED = /^\s*SELECT\b[\s\S]*?\bFROM\s*\(([\s\S]*)\)\s*_v\s*;?\s*$/i;

/**
 * The select inside `CREATE VIEW v AS SELECT * FROM (<select>)` as the engine stores it now.
 * SQLite rewrites view SQL when a table or column is renamed, so this is the up-to-date viewQuery.
 * PostgreSQL follows renames by reference and keeps its own rewrite of the query: that text is
 * used only when `current` (the collection's viewQuery) no longer runs as written.
 */
export function storedViewQuery(conn: Conn, name: string, current = ''): string | null {
  if (conn.engine === 'postgres') {
    if (current && queryRuns(conn, current)) return null;
    const row = conn.get<{ def: string }>(
      `SELECT pg_get_viewdef(c.oid) AS def FROM pg_catalog.pg_class c WHERE c.relkind = 'v'
        AND c.relnamespace = current_schema()::regnamespace AND lower(c.relname) = lower(CAST(? AS TEXT))`,
      [name],
    );
    return row ? (PG_WRAPPED.exec(row.def)?.[1]?.trim() ?? null) : null;
  }
  const row = conn.get<{ sql: string }>(
    "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ? COLLATE NOCASE",
    [name],
  );
  return row ? (WRAPPED.exec(row.sql)?.[1] ?? null) : null;
}

function queryRuns(conn: Conn, query: string): boolean {
  try {
    conn.columns(`SELECT * FROM (${query}) AS _v LIMIT 0`);
    return true;
  } catch {
    return false;
  }
}
