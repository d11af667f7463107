// SQLite VIEW bookkeeping around DDL: detach/restore all views, and tell which views still compile.
import type { Conn } from '../../db/conn.ts';

interface ViewRow {
  name: string;
  sql: string;
}

function listViews(conn: Conn): ViewRow[] {
  return conn.all<ViewRow>(
    "SELECT name, sql FROM sqlite_master WHERE type = 'view' AND sql IS NOT NULL ORDER BY rowid",
  );
}

/**
 * Drops every view and returns a function that recreates them from their SQL. SQLite checks the
 * whole schema on some ALTERs, so one dangling view would otherwise block unrelated changes.
 */
export function detachViews(tx: Conn): () => void {
  const views = listViews(tx);
  for (const v of [...views].reverse())
    tx.exec(`DROP VIEW IF EXISTS \`${v.name.replaceAll('`', '``')}\``);
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

/** Of `before`, the views that exist but no longer compile. */
export function brokenViews(conn: Conn, before: string[]): string[] {
  const existing = new Set(listViews(conn).map((v) => v.name.toLowerCase()));
  return before.filter((name) => existing.has(name.toLowerCase()) && !viewCompiles(conn, name));
}

const WRAPPED = /^CREATE\s+VIEW\s+\S+\s+AS\s+SELECT\s+\*\s+FROM\s+\(([\s\S]*)\)\s*$/i;

/**
 * The select inside `CREATE VIEW v AS SELECT * FROM (<select>)` as SQLite stores it now. SQLite
 * rewrites view SQL when a table or column is renamed, so this is the up-to-date viewQuery.
 */
export function storedViewQuery(conn: Conn, name: string): string | null {
  const row = conn.get<{ sql: string }>(
    "SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ? COLLATE NOCASE",
    [name],
  );
  return row ? (WRAPPED.exec(row.sql)?.[1] ?? null) : null;
}
