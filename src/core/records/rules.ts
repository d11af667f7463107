// API rule checks for record actions (filter-and-rules.md §5): every expression runs through the filter compiler.
import type { Param } from '../../db/conn.ts';
import type { Collection } from '../collections/model.ts';
import { type Core, readConn } from '../core.ts';
import { ForbiddenError } from '../errors.ts';
import { FilterError, type RequestInfo } from '../filter/index.ts';
import { newRecordId } from '../ids.ts';
import type { AuthInfo } from './auth-info.ts';
import { recordToParams } from './codec.ts';
import type { RecordData } from './record.ts';
import { compileCached, type RequestMeta, requestInfo } from './request-info.ts';
import { collectionSql, isSqliteError, quoteIdent } from './sql.ts';
import { boundArrayItems, engineOf, fieldParam, tryQuery } from './sql-dialect.ts';

export const ONLY_SUPERUSERS = 'Only superusers can perform this action.';

/** The name the would-be record of a create goes by in the rule query (as PocketBase's dummy). */
const NEW_ROW = '__pb_create__';

/** A locked (null) rule: 403 for everyone but superusers (http-api.md §3). */
export function assertRuleNotLocked(rule: string | null, auth: AuthInfo | null): void {
  if (rule === null && !auth?.isSuperuser) throw new ForbiddenError(ONLY_SUPERUSERS);
}

/**
 * A rule as an SQL condition over `tableAlias` (default: the collection's table), for AND-ing into
 * a query: superusers and `""` → `1=1`, null → `1=0`. Throws FilterError for a broken rule.
 */
const ALWAYS: { sql: string; params: Param[] } = Object.freeze({ sql: '1=1', params: [] });
const NEVER: { sql: string; params: Param[] } = Object.freeze({ sql: '1=0', params: [] });

export function ruleCondition(
  core: Core,
  collection: Collection,
  rule: string | null,
  auth: AuthInfo | null,
  meta?: RequestMeta,
  options: { body?: Record<string, unknown>; tableAlias?: string } = {},
): { sql: string; params: Param[] } {
  if (auth?.isSuperuser || rule === '') return ALWAYS;
  if (rule === null) return NEVER;
  const f = compileCached(core, collection, rule, requestInfo(auth, meta, options.body), {
    tableAlias: options.tableAlias,
  });
  return { sql: f.sql, params: f.params as Param[] };
}

/**
 * Whether the stored record `id` satisfies the non-empty expression `rule` (PocketBase's
 * CanAccessRecord without the superuser bypass). A rule that fails to compile or run fails closed.
 */
export function recordMatches(
  core: Core,
  collection: Collection,
  id: string,
  rule: string,
  ctx: RequestInfo,
): boolean {
  return failClosed(core, () => {
    const f = compileCached(core, collection, rule, ctx);
    const t = quoteIdent(collection.name);
    const sql = `SELECT 1 AS ok FROM ${t} WHERE ${t}."id" = ? AND ${f.sql} LIMIT 1`;
    return readConn(core).get(sql, [id, ...(f.params as Param[])]) !== null;
  });
}

/**
 * Whether a record that is not stored yet satisfies `rule`: the rule runs against a one-row CTE
 * holding the would-be values, so field paths and relation joins see them (§5.2, create).
 */
export function newRecordMatches(
  core: Core,
  collection: Collection,
  record: RecordData,
  rule: string,
  ctx: RequestInfo,
): boolean {
  return failClosed(core, () => {
    // As PocketBase's dummy: a temporary id when none was submitted, never verified.
    const row = { ...record, id: record.id || `__temp_id__${newRecordId()}` } as RecordData;
    if (collection.type === 'auth') row.verified = false;
    const f = compileCached(core, collection, rule, ctx, { tableAlias: NEW_ROW });
    const cte = collectionSql(core, collection, 'newRow', () => {
      const cols = collection.fields
        .map((fd) => `${fieldParam(engineOf(core), fd)} AS ${quoteIdent(fd.name)}`)
        .join(', ');
      return `WITH ${quoteIdent(NEW_ROW)} AS (SELECT ${cols})`;
    });
    const sql = `${cte} SELECT 1 AS ok FROM ${quoteIdent(NEW_ROW)} WHERE ${f.sql} LIMIT 1`;
    const params = [...recordToParams(collection, row), ...(f.params as Param[])];
    return readConn(core).get(sql, params) !== null;
  });
}

function failClosed(core: Core, run: () => boolean): boolean {
  try {
    // A rule the engine refuses must not abort the write transaction it runs in (PostgreSQL).
    return tryQuery(readConn(core), run);
  } catch (err) {
    if (err instanceof FilterError || isSqliteError(err)) return false;
    throw err;
  }
}

/**
 * Whether `auth` passes `rule` for the stored `record`: superusers always, null never, `""` always.
 * Callers turn `false` into the action's failure (view/update/delete 404).
 */
export function checkRule(
  core: Core,
  collection: Collection,
  rule: string | null,
  auth: AuthInfo | null,
  record: RecordData,
  meta?: RequestMeta,
  body?: Record<string, unknown>,
): boolean {
  if (auth?.isSuperuser) return true;
  if (rule === null) return false;
  if (rule === '') return true;
  return recordMatches(core, collection, record.id, rule, requestInfo(auth, meta, body));
}

/** The collection's manageRule when it can grant anything (auth collections, non-empty). */
function manageRuleOf(collection: Collection): string | null {
  if (collection.type !== 'auth') return null;
  const rule = collection.auth?.manageRule ?? null;
  return rule === null || rule === '' ? null : rule;
}

/**
 * Manager rights over a stored auth record (§5.2 manageRule): change email/verified/password
 * without `oldPassword`. Superusers always; guests never; otherwise the manageRule.
 */
export function canManage(
  core: Core,
  collection: Collection,
  auth: AuthInfo | null,
  record: RecordData,
  meta?: RequestMeta,
  body?: Record<string, unknown>,
): boolean {
  if (!auth) return false;
  if (auth.isSuperuser) return true;
  const rule = manageRuleOf(collection);
  if (!rule) return false;
  return recordMatches(core, collection, record.id, rule, requestInfo(auth, meta, body));
}

/** Manager rights for a create, judged on the would-be record like the createRule. */
export function canManageNew(
  core: Core,
  collection: Collection,
  auth: AuthInfo | null,
  record: RecordData,
  ctx: RequestInfo,
): boolean {
  if (!auth) return false;
  if (auth.isSuperuser) return true;
  const rule = manageRuleOf(collection);
  if (!rule) return false;
  return newRecordMatches(core, collection, record, rule, ctx);
}

/**
 * The ids among `ids` whose e-mail the requester may see through the manageRule, in one query
 * (PocketBase's autoResolveRecordsFlags). Empty when there is no manageRule.
 */
export function managedIds(
  core: Core,
  collection: Collection,
  ids: string[],
  auth: AuthInfo | null,
  meta?: RequestMeta,
): Set<string> {
  const rule = manageRuleOf(collection);
  if (!rule || ids.length === 0) return new Set();
  try {
    const f = compileCached(core, collection, rule, requestInfo(auth, meta));
    const t = quoteIdent(collection.name);
    const sql = `SELECT ${t}."id" AS id FROM ${t} WHERE ${t}."id" IN (SELECT value FROM ${boundArrayItems(engineOf(core))}) AND ${f.sql}`;
    const conn = readConn(core);
    const rows = tryQuery(conn, () =>
      conn.all<{ id: string }>(sql, [JSON.stringify(ids), ...(f.params as Param[])]),
    );
    return new Set(rows.map((r) => String(r.id)));
  } catch (err) {
    if (err instanceof FilterError || isSqliteError(err)) return new Set();
    throw err;
  }
}
