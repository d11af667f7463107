// DDL that makes a collection's table (or view) match its definition, data kept (§7.1), on SQLite
// or PostgreSQL (the engine-specific text comes from ddl.ts).
//
// Identifiers are validated (`^\w+$`) before they get here and are always quoted; the only raw
// SQL is what a superuser wrote on purpose (index expressions, view queries), checked to be one
// statement. Runs inside the caller's write transaction.
import type { Conn } from '../../db/conn.ts';
import type { ErrorData } from '../errors.ts';
import { fieldError } from '../errors.ts';
import { getFieldKind } from '../fields/index.ts';
import { randomString } from '../ids.ts';
import { tableExists } from './catalog.ts';
import {
  attemptError,
  columnType,
  convertSelection,
  dbErrorText,
  derivedAlias,
  indexStatement,
  rowidColumn,
  tryExec,
} from './ddl.ts';
import { parseIndex } from './index-sql.ts';
import type { Collection, Field } from './model.ts';
import { detachViews } from './sqlite-views.ts';

export { tableExists };

/** Carries field errors found while applying DDL (e.g. an index SQLite refuses). */
export class SchemaSyncError extends Error {
  constructor(readonly data: ErrorData) {
    super('schema sync failed');
  }
}

export function q(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

function isMultiple(field: Field): boolean {
  return getFieldKind(field.type)?.isMultiple(field) ?? false;
}

/** Tries the statement as is; if SQLite refuses because of some view, retries with views detached. */
function alter(tx: Conn, sql: string): void {
  if (tryExec(tx, sql)) return;
  const restore = detachViews(tx);
  tx.exec(sql);
  restore();
}

export function createTable(tx: Conn, c: Collection): void {
  const cols = [...c.fields]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => `${q(f.name)} ${columnType(tx.engine, f)}`);
  const rowid = rowidColumn(tx.engine);
  if (rowid) cols.push(rowid);
  tx.exec(`CREATE TABLE ${q(c.name)} (${cols.join(', ')})`);
}

/** Creates every index of `c` on its table; SQLite's refusals become `indexes.<i>` errors. */
export function createIndexes(tx: Conn, c: Collection): void {
  const errors: ErrorData = {};
  const columnNames = c.fields.map((f) => f.name);
  c.indexes.forEach((raw, i) => {
    const parsed = parseIndex(raw);
    if (!parsed) {
      errors[i] = fieldError(
        'validation_invalid_index_expression',
        'Invalid CREATE INDEX expression.',
      );
      return;
    }
    const err = attemptError(tx, () =>
      tx.exec(indexStatement(tx.engine, { ...parsed, schemaName: '' }, c.name, columnNames)),
    );
    if (err) {
      const reason = dbErrorText(err);
      errors[i] = fieldError(
        'validation_invalid_index_expression',
        `Failed to create index ${parsed.indexName} - ${reason}.`,
      );
    }
  });
  if (Object.keys(errors).length) throw new SchemaSyncError({ indexes: errors });
}

function dropIndexes(tx: Conn, c: Collection): void {
  for (const raw of c.indexes) {
    const parsed = parseIndex(raw);
    if (parsed) tx.exec(`DROP INDEX IF EXISTS ${q(parsed.indexName)}`);
  }
}

interface ColumnInfo {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

/** The create-copy-drop-rename dance, for when `DROP COLUMN` is refused (constraints, legacy DDL). */
function rebuildWithout(tx: Conn, table: string, column: string): void {
  const cols = tx
    .all<ColumnInfo>(`PRAGMA table_info(${q(table)})`)
    .filter((c) => c.name.toLowerCase() !== column.toLowerCase());
  const defs = cols.map((c) => {
    let d = `${q(c.name)} ${c.type}`;
    if (c.pk) d += ' PRIMARY KEY';
    if (c.dflt_value !== null) d += ` DEFAULT ${c.dflt_value}`;
    if (c.notnull) d += ' NOT NULL';
    return d;
  });
  const tmp = `_tmp_${table}_${randomString(6)}`;
  const names = cols.map((c) => q(c.name)).join(', ');
  tx.exec(`CREATE TABLE ${q(tmp)} (${defs.join(', ')})`);
  tx.exec(`INSERT INTO ${q(tmp)} (${names}) SELECT ${names} FROM ${q(table)}`);
  tx.exec(`DROP TABLE ${q(table)}`);
  tx.exec(`ALTER TABLE ${q(tmp)} RENAME TO ${q(table)}`);
}

function dropColumn(tx: Conn, table: string, column: string): void {
  const sql = `ALTER TABLE ${q(table)} DROP COLUMN ${q(column)}`;
  // A view using the column, or a constraint DROP COLUMN cannot handle: retry without views,
  // then rebuild. Views broken by the drop are reported by the caller's view health check.
  if (tryExec(tx, sql)) return;
  const restore = detachViews(tx);
  if (tx.engine === 'postgres') tx.exec(sql);
  else if (!tryExec(tx, sql)) rebuildWithout(tx, table, column);
  restore();
}

/** Rewrites values for a field that switched between single and multiple (§4.2). */
function retypeColumn(tx: Conn, table: string, field: Field, toMultiple: boolean): void {
  const restore = detachViews(tx);
  const col = q(field.name);
  if (tx.engine === 'postgres') {
    // In place: PostgreSQL's views name columns by reference, so a renamed copy would be what
    // they read after the swap. The column keeps its name; only type and default change.
    const m = /^(.*?) DEFAULT (.*?)(?: NOT NULL)?$/.exec(columnType(tx.engine, field));
    const t = q(table);
    tx.exec(`ALTER TABLE ${t} ALTER COLUMN ${col} DROP DEFAULT`);
    tx.exec(
      `ALTER TABLE ${t} ALTER COLUMN ${col} TYPE ${m?.[1] ?? 'TEXT'} USING ${convertSelection(tx.engine, col, toMultiple)}`,
    );
    if (m?.[2]) tx.exec(`ALTER TABLE ${t} ALTER COLUMN ${col} SET DEFAULT ${m[2]}`);
    restore();
    return;
  }
  const tmp = q(`_${field.name}${randomString(5)}`);
  tx.exec(`ALTER TABLE ${q(table)} RENAME COLUMN ${col} TO ${tmp}`);
  tx.exec(`ALTER TABLE ${q(table)} ADD COLUMN ${col} ${columnType(tx.engine, field)}`);
  tx.exec(`UPDATE ${q(table)} SET ${col} = ${convertSelection(tx.engine, tmp, toMultiple)}`);
  restore();
  dropColumn(tx, table, tmp.slice(1, -1));
}

/**
 * Creates the table (no `prev`) or migrates it from `prev`: rename table, drop/add/rename columns
 * (fields matched by id), convert single↔multiple values, recreate indexes.
 */
export function syncRecordTable(tx: Conn, next: Collection, prev?: Collection): void {
  if (!prev || !tableExists(tx, prev.name)) {
    createTable(tx, next);
    createIndexes(tx, next);
    return;
  }
  const renamed = prev.name.toLowerCase() !== next.name.toLowerCase();
  const reindex =
    renamed ||
    JSON.stringify(prev.fields) !== JSON.stringify(next.fields) ||
    JSON.stringify(prev.indexes) !== JSON.stringify(next.indexes);
  if (reindex) dropIndexes(tx, prev);
  if (renamed) alter(tx, `ALTER TABLE ${q(prev.name)} RENAME TO ${q(next.name)}`);
  const table = renamed ? next.name : prev.name;
  const nextIds = new Set(next.fields.map((f) => f.id));
  for (const old of prev.fields) {
    if (!nextIds.has(old.id)) dropColumn(tx, table, old.name);
  }
  // Adds and renames go through temporary names so swaps (a, b → b, a) never collide.
  const finalNames: [string, string][] = [];
  for (const field of next.fields) {
    const old = prev.fields.find((f) => f.id === field.id);
    if (old && old.name === field.name) continue;
    const tmp = `${field.name}${randomString(5)}`;
    if (old) alter(tx, `ALTER TABLE ${q(table)} RENAME COLUMN ${q(old.name)} TO ${q(tmp)}`);
    else alter(tx, `ALTER TABLE ${q(table)} ADD COLUMN ${q(tmp)} ${columnType(tx.engine, field)}`);
    finalNames.push([tmp, field.name]);
  }
  for (const [tmp, name] of finalNames) {
    alter(tx, `ALTER TABLE ${q(table)} RENAME COLUMN ${q(tmp)} TO ${q(name)}`);
  }
  for (const field of next.fields) {
    const old = prev.fields.find((f) => f.id === field.id);
    if (old && isMultiple(old) !== isMultiple(field)) {
      retypeColumn(tx, table, field, isMultiple(field));
    }
  }
  if (reindex) createIndexes(tx, next);
}

/** `CREATE VIEW name AS SELECT * FROM (<query>)`, replacing the previous one (and its old name). */
export function saveView(tx: Conn, name: string, query: string, prevName?: string): void {
  if (tx.engine === 'postgres') {
    // PostgreSQL refuses to drop a view another view reads: all go, the others come back after.
    const restore = detachViews(tx, [name, prevName]);
    restore(`CREATE VIEW ${q(name)} AS SELECT * FROM (${query})${derivedAlias(tx.engine)}`);
    return;
  }
  if (prevName) tx.exec(`DROP VIEW IF EXISTS ${q(prevName)}`);
  tx.exec(`DROP VIEW IF EXISTS ${q(name)}`);
  tx.exec(`CREATE VIEW ${q(name)} AS SELECT * FROM (${query})${derivedAlias(tx.engine)}`);
}

/** Removes the table or view of a collection. */
export function dropStorage(tx: Conn, c: Collection): void {
  const sql =
    c.type === 'view' ? `DROP VIEW IF EXISTS ${q(c.name)}` : `DROP TABLE IF EXISTS ${q(c.name)}`;
  if (tryExec(tx, sql)) return;
  // PostgreSQL refuses to drop what a view reads: the views go and come back (those reading what
  // is gone don't, and the caller's view check reports them); the dropped view itself stays gone.
  const restore = detachViews(tx, c.type === 'view' ? [c.name] : []);
  tx.exec(sql);
  restore();
}
