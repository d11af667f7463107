// Writes a validated collection: its `_collections` row, its table or view, and the views depending on it.
import { eq } from 'drizzle-orm';
import type { Conn } from '../../db/conn.ts';
import { runWrite, systemTables } from '../../db/system-tables.ts';
import { nowDate } from '../dates.ts';
import { BadRequestError, fieldError, SatchelError, ValidationError } from '../errors.ts';
import { collectionToRow } from './codec.ts';
import { guarded } from './ddl.ts';
import type { CollectionLookup } from './lookup.ts';
import type { Collection } from './model.ts';
import {
  dropStorage,
  SchemaSyncError,
  saveView,
  syncRecordTable,
  tableExists,
} from './schema-sync.ts';
import { sameStatement } from './sql-lexer.ts';
import { brokenViews, storedViewQuery, viewCompiles, workingViews } from './sqlite-views.ts';
import { AUTH_SIDE_TABLES } from './system-collections.ts';
import { inferViewFields, normalizeViewQuery, parseSelect } from './view-query.ts';

export function writeRow(tx: Conn, c: Collection, isNew: boolean): void {
  const { db, collections } = systemTables(tx);
  const row = { ...collectionToRow(c), system: Boolean(c.system) };
  if (isNew) runWrite(tx, db.insert(collections).values(row));
  else runWrite(tx, db.update(collections).set(row).where(eq(collections.id, c.id)));
}

/** Key-order-insensitive JSON, to compare field lists read back from the DB with fresh ones. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, val) =>
    val && typeof val === 'object' && !Array.isArray(val)
      ? Object.fromEntries(
          Object.keys(val)
            .sort()
            .map((k) => [k, (val as Record<string, unknown>)[k]]),
        )
      : val,
  );
}

/**
 * Re-infers the fields of the view collections that read from `changed` (collection names),
 * directly or through other views, keeping their stored query in step with SQLite (which rewrites
 * view SQL when a table or column is renamed). Views whose query no longer compiles are left as
 * they are (the caller's view health check decides whether that is an error).
 */
export function refreshViews(
  tx: Conn,
  registry: { reload(c: Conn): void } & CollectionLookup,
  changed: string[],
) {
  const affected = new Set(changed.map((n) => n.toLowerCase()));
  const done = new Set<string>();
  for (let pass = 0; pass < 8; pass++) {
    registry.reload(tx);
    let progressed = false;
    for (const v of registry.all().filter((c) => c.type === 'view' && !done.has(c.id))) {
      const stored = storedViewQuery(tx, v.name, v.viewQuery ?? '');
      const query =
        stored !== null && !sameStatement(stored, v.viewQuery ?? '') ? stored : (v.viewQuery ?? '');
      let tables: string[];
      try {
        tables = parseSelect(normalizeViewQuery(query)).tables.map((t) =>
          (t.name ?? '').toLowerCase(),
        );
      } catch {
        continue;
      }
      if (!tables.some((t) => affected.has(t))) continue;
      done.add(v.id);
      progressed = true;
      let fields: Collection['fields'];
      try {
        fields = inferViewFields(tx, registry, query, v.fields);
      } catch {
        continue;
      }
      if (query === v.viewQuery && canonical(fields) === canonical(v.fields)) continue;
      writeRow(tx, { ...v, viewQuery: query, fields, updated: nowDate() }, false);
      affected.add(v.name.toLowerCase());
    }
    if (!progressed) break;
  }
  registry.reload(tx);
}

/** DDL failures are client mistakes (a bad index, a view the change breaks): 400, never 500. */
function ddl(tx: Conn, message: string, run: () => void): void {
  try {
    // PostgreSQL aborts the whole transaction on a refused statement: a savepoint keeps the
    // caller's (an import retrying views) usable.
    guarded(tx, run);
  } catch (err) {
    if (err instanceof SchemaSyncError) throw new ValidationError(message, err.data);
    if (err instanceof SatchelError) throw err;
    throw new BadRequestError(message);
  }
}

/**
 * Saves `next` (created when `prev` is undefined) inside the open transaction; fails with
 * `message` when the DDL is refused or when a view that worked before stops compiling.
 */
export function persistCollection(
  tx: Conn,
  registry: { reload(c: Conn): void } & CollectionLookup,
  next: Collection,
  prev: Collection | undefined,
  message: string,
): void {
  const own = new Set([next.name.toLowerCase(), prev?.name.toLowerCase()]);
  const working = workingViews(tx).filter((v) => !own.has(v.toLowerCase()));
  writeRow(tx, next, !prev);
  ddl(tx, message, () => {
    if (next.type === 'view') {
      const prevName =
        prev && prev.name.toLowerCase() !== next.name.toLowerCase() ? prev.name : undefined;
      saveView(tx, next.name, normalizeViewQuery(next.viewQuery ?? ''), prevName);
      if (!viewCompiles(tx, next.name)) throw new BadRequestError(message);
    } else {
      syncRecordTable(tx, next, prev);
    }
  });
  refreshViews(tx, registry, prev ? [prev.name, next.name] : [next.name]);
  const broken = brokenViews(tx, working);
  if (broken.length) {
    throw new ValidationError(message, {
      fields: fieldError(
        'validation_view_dependency',
        `The change breaks the view collection(s) ${broken.join(', ')}.`,
      ),
    });
  }
}

/** Drops a collection's table/view and row (and, for auth, its side rows) inside the transaction. */
export function removeCollection(tx: Conn, c: Collection): string[] {
  const working = workingViews(tx).filter((v) => v.toLowerCase() !== c.name.toLowerCase());
  const { db, collections } = systemTables(tx);
  runWrite(tx, db.delete(collections).where(eq(collections.id, c.id)));
  dropStorage(tx, c);
  if (c.type === 'auth') deleteAuthSideRows(tx, c.id);
  return brokenViews(tx, working);
}

/** `_externalAuths`, `_mfas`, `_otps`, `_authOrigins` rows of an auth collection (§6). */
export function deleteAuthSideRows(tx: Conn, collectionId: string, recordId?: string): void {
  for (const table of AUTH_SIDE_TABLES) {
    if (!tableExists(tx, table)) continue;
    if (recordId === undefined)
      tx.run(`DELETE FROM \`${table}\` WHERE \`collectionRef\` = ?`, [collectionId]);
    else
      tx.run(`DELETE FROM \`${table}\` WHERE \`collectionRef\` = ? AND \`recordRef\` = ?`, [
        collectionId,
        recordId,
      ]);
  }
}
