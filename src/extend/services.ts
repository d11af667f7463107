// Record and collection services for extensions, named as PocketBase's `$app` methods, over core's plain values.
//
// Trusted code: no API rules, manager rights, and the record model hooks fire as for an API write
// (PocketBase's `app.Save` fires them too). Inside a hook's transaction a save becomes a savepoint
// of it (db/write-queue.ts), so nesting never waits on the queue it is already holding.

import { findSingleColumnUniqueIndex } from '../core/collections/index-sql.ts';
import { findByName } from '../core/collections/lookup.ts';
import type { Collection } from '../core/collections/model.ts';
import { type Core, readConn } from '../core/core.ts';
import { BadRequestError, NotFoundError } from '../core/errors.ts';
import { compileSort, FilterError } from '../core/filter/index.ts';
import type { LogData } from '../core/logs/logger.ts';
import { recordFromRow } from '../core/records/codec.ts';
import { findRecordById as findById, findFirstByField } from '../core/records/find.ts';
import type { RecordData } from '../core/records/record.ts';
import { compileCached, requestInfo } from '../core/records/request-info.ts';
import { deleteRecordInternal, saveRecordInternal } from '../core/records/save.ts';
import { isSqliteError, quoteIdent } from '../core/records/sql.ts';
import {
  coreFilterDialect,
  engineOf,
  naturalOrder,
  noLimit,
  tryQuery,
} from '../core/records/sql-dialect.ts';
import type { Param, Row } from '../db/conn.ts';

/** PocketBase's message for a lookup that found nothing (hook code tests for it). */
export const NO_ROWS = 'sql: no rows in result set';

/** A find that found nothing: a 404 when it reaches a client. */
export class NoRowsError extends NotFoundError {
  constructor() {
    super(NO_ROWS);
  }
}

/** By id, then by name (case-insensitive, as PocketBase's FindCollectionByNameOrId). */
export function findCollectionByNameOrId(core: Core, idOrName: string): Collection {
  const c = core.collections.find(idOrName) ?? findByName(core.collections, idOrName);
  if (!c) throw new NoRowsError();
  return c;
}

function collectionOf(core: Core, c: Collection | string): Collection {
  return typeof c === 'string' ? findCollectionByNameOrId(core, c) : c;
}

export async function findRecordById(
  core: Core,
  collection: Collection | string,
  id: string,
): Promise<RecordData> {
  const row = findById(core, collectionOf(core, collection), id);
  if (!row) throw new NoRowsError();
  return row;
}

/**
 * `filter` in the API's filter syntax; `{:name}` placeholders take `params[name]` as bound values
 * (never spliced into the text): each becomes `@request.body.<key>`, whose value is a parameter.
 * `limit` ≤ 0 means no limit, as PocketBase's.
 */
export async function findRecordsByFilter(
  core: Core,
  collection: Collection | string,
  filter: string,
  sort = '',
  limit = 0,
  offset = 0,
  params: Record<string, unknown> = {},
): Promise<RecordData[]> {
  const c = collectionOf(core, collection);
  const body: Record<string, unknown> = {};
  let n = 0;
  const text = filter.replace(/\{:(\w+)\}/g, (_, name: string) => {
    if (!Object.hasOwn(params, name)) throw new BadRequestError(`Missing filter param "${name}".`);
    const key = `__pbp${n++}`;
    body[key] = params[name];
    return `@request.body.${key}`;
  });
  const ctx = requestInfo(null, {}, body);
  let where = '';
  let order = '';
  const args: Param[] = [];
  try {
    if (text.trim()) {
      const f = compileCached(core, c, text, ctx);
      where = ` WHERE ${f.sql}`;
      args.push(...(f.params as Param[]));
    }
    if (sort.trim()) {
      const s = compileSort(sort, c, core.collections, { dialect: coreFilterDialect(core) }, ctx);
      if (s.sql) order = ` ORDER BY ${s.sql}`;
      args.push(...(s.params as Param[]));
    }
  } catch (err) {
    if (err instanceof FilterError) throw new BadRequestError(`Invalid filter: ${err.reason}`);
    throw err;
  }
  const t = quoteIdent(c.name);
  const engine = engineOf(core);
  // No sort: rowid order on SQLite, the same insertion order on PostgreSQL.
  if (!order) order = naturalOrder(engine, t, c.type === 'view');
  const sql = `SELECT ${t}.* FROM ${t}${where}${order} LIMIT ? OFFSET ?`;
  try {
    const conn = readConn(core);
    // A hook may catch the 400 and go on inside its transaction: on PostgreSQL, a savepoint.
    const rows = tryQuery(conn, () =>
      conn.all<Row>(sql, [...args, limit > 0 ? limit : noLimit(engine), offset]),
    );
    return rows.map((r) => recordFromRow(c, r));
  } catch (err) {
    if (isSqliteError(err)) throw new BadRequestError();
    throw err;
  }
}

export async function findFirstRecordByFilter(
  core: Core,
  collection: Collection | string,
  filter: string,
  params: Record<string, unknown> = {},
): Promise<RecordData> {
  const [row] = await findRecordsByFilter(core, collection, filter, '', 1, 0, params);
  if (!row) throw new NoRowsError();
  return row;
}

/** An exact match of one field's stored value. */
export async function findFirstRecordByData(
  core: Core,
  collection: Collection | string,
  field: string,
  value: unknown,
): Promise<RecordData> {
  const param = value === null || value === undefined ? '' : (value as Param);
  const row = findFirstByField(core, collectionOf(core, collection), field, param);
  if (!row) throw new NoRowsError();
  return row;
}

/** Case-insensitive only when the e-mail's unique index is `COLLATE NOCASE`, as PocketBase's. */
export async function findAuthRecordByEmail(
  core: Core,
  collection: Collection | string,
  email: string,
): Promise<RecordData> {
  const c = collectionOf(core, collection);
  if (c.type !== 'auth') throw new NoRowsError();
  const index = findSingleColumnUniqueIndex(c.indexes, 'email');
  const nocase = index?.columns[0]?.collate.toLowerCase() === 'nocase';
  const row = findFirstByField(core, c, 'email', email, { nocase });
  if (!row) throw new NoRowsError();
  return row;
}

/**
 * Creates the record when no stored record has its id, else updates it; returns the stored values
 * (generated id, autodates, password hashes). A password field may hold the new plain text.
 */
export async function save(
  core: Core,
  collection: Collection | string,
  record: Record<string, unknown>,
): Promise<RecordData> {
  const c = collectionOf(core, collection);
  const id = typeof record.id === 'string' ? record.id : '';
  const isNew = !id || !findById(core, c, id);
  return saveRecordInternal(core, c, record, { isNew });
}

export async function deleteRecord(
  core: Core,
  collection: Collection | string,
  record: RecordData,
): Promise<void> {
  await deleteRecordInternal(core, collectionOf(core, collection), record);
}

/** PocketBase's name: `services.delete(core, collection, record)`. */
export { deleteRecord as delete };

/**
 * One write transaction around `fn` (a savepoint when one is already open): a throw rolls back
 * everything `fn` saved. Saves inside it join the transaction.
 */
export function runInTransaction<T>(core: Core, fn: () => T | Promise<T>): Promise<T> {
  return core.store.writes.run(() => fn());
}

/** The app logger (rows in `_logs`). */
export function logger(core: Core): {
  debug(m: string, d?: LogData): void;
  info(m: string, d?: LogData): void;
  warn(m: string, d?: LogData): void;
  error(m: string, d?: LogData): void;
} {
  return core.logger;
}

/** A copy of the current settings. */
export function settings(core: Core) {
  return structuredClone(core.settings.get());
}
