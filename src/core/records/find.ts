// Reading records: by id, by one field's value, by id under an API rule; bound values only.
import type { Param, Row } from '../../db/conn.ts';
import type { Collection } from '../collections/model.ts';
import { type Core, readConn } from '../core.ts';
import { FilterError } from '../filter/index.ts';
import type { AuthInfo } from './auth-info.ts';
import { recordFromRow } from './codec.ts';
import type { RecordData } from './record.ts';
import type { RequestMeta } from './request-info.ts';
import { ruleCondition } from './rules.ts';
import { collectionCached, collectionSql, isSqliteError, quoteIdent } from './sql.ts';
import { boundArrayItems, collatedEquals, columnItems, engineOf, tryQuery } from './sql-dialect.ts';

function resolve(core: Core, collection: Collection | string): Collection {
  return typeof collection === 'string' ? core.collections.require(collection) : collection;
}

export function findRecordById(
  core: Core,
  collection: Collection | string,
  id: string,
): RecordData | null {
  const c = resolve(core, collection);
  if (!id) return null;
  const sql = collectionSql(core, c, 'byId', (t) => `SELECT * FROM ${t} WHERE "id" = ? LIMIT 1`);
  const row = readConn(core).get<Row>(sql, [id]);
  return row ? recordFromRow(c, row) : null;
}

/**
 * The first record whose `field` column equals `value` (as bound, e.g. an e-mail or username);
 * `nocase` compares as a `COLLATE NOCASE` index does.
 */
export function findFirstByField(
  core: Core,
  collection: Collection | string,
  field: string,
  value: Param,
  { nocase = false } = {},
): RecordData | null {
  const c = resolve(core, collection);
  if (!c.fields.some((f) => f.name === field)) return null;
  const collate = nocase ? 'NOCASE' : null;
  const sql = collectionSql(
    core,
    c,
    `by:${field}${nocase ? ' COLLATE NOCASE' : ''}`,
    (t) =>
      `SELECT * FROM ${t} WHERE ${collatedEquals(engineOf(core), quoteIdent(field), collate)} LIMIT 1`,
  );
  const row = readConn(core).get<Row>(sql, [value]);
  return row ? recordFromRow(c, row) : null;
}

/**
 * The record whose file field `field` holds `filename` (a single name or one item of a list):
 * how a view's file is traced back to the record that owns it.
 */
export function findByFileName(
  core: Core,
  c: Collection,
  field: string,
  filename: string,
): RecordData | null {
  if (!filename || !c.fields.some((f) => f.name === field && f.type === 'file')) return null;
  const sql = collectionSql(core, c, `byFile:${field}`, (t) => {
    const col = quoteIdent(field);
    return `SELECT * FROM ${t} WHERE EXISTS (SELECT 1 FROM ${columnItems(engineOf(core), col, 'je')} WHERE je.value = ?) LIMIT 1`;
  });
  const row = readConn(core).get<Row>(sql, [filename]);
  return row ? recordFromRow(c, row) : null;
}

/** Counts records with these ids (relation existence checks ignore API rules). */
export function countExistingIds(core: Core, collection: Collection, ids: string[]): number {
  if (ids.length === 0) return 0;
  const sql = collectionSql(
    core,
    collection,
    'countIds',
    (t) =>
      `SELECT COUNT(*) AS n FROM ${t} WHERE "id" IN (SELECT value FROM ${boundArrayItems(engineOf(core))})`,
  );
  return readConn(core).get<{ n: number }>(sql, [JSON.stringify([...new Set(ids)])])?.n ?? 0;
}

/**
 * The record `id` if it satisfies `rule` for the requester (superusers: any), else null. A rule
 * that can't be compiled or run finds nothing, as PocketBase's failing lookup does.
 */
export function findWithRule(
  core: Core,
  c: Collection,
  id: string,
  rule: string | null,
  auth: AuthInfo | null,
  meta?: RequestMeta,
  body?: Record<string, unknown>,
): RecordData | null {
  if (!id) return null;
  try {
    const cond = ruleCondition(core, c, rule, auth, meta, { body });
    // Keyed by the compiled condition's own string (its hash is computed once), not a new
    // concatenation per request.
    const byCondition = collectionCached(core, c, 'withRule', () => new Map<string, string>());
    let sql = byCondition.get(cond.sql);
    if (sql === undefined) {
      const t = quoteIdent(c.name);
      sql = `SELECT ${t}.* FROM ${t} WHERE ${t}."id" = ? AND ${cond.sql} LIMIT 1`;
      byCondition.set(cond.sql, sql);
    }
    const conn = readConn(core);
    // Inside a write transaction a refused rule must not abort it (PostgreSQL): tryQuery.
    const row = tryQuery(conn, () => conn.get<Row>(sql, [id, ...(cond.params as Param[])]));
    return row ? recordFromRow(c, row) : null;
  } catch (err) {
    if (err instanceof FilterError || isSqliteError(err)) return null;
    throw err;
  }
}
