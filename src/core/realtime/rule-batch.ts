// Rule checks for one changed record and many subscribers: one SQL query per rule and auth shape, not per client.
import type { Engine, Param } from '../../db/conn.ts';
import type { Collection } from '../collections/model.ts';
import { type Core, readConn } from '../core.ts';
import {
  type CompiledFilter,
  FilterCache,
  FilterError,
  type RequestInfo,
} from '../filter/index.ts';
import type { AuthInfo } from '../records/auth-info.ts';
import { recordToParams } from '../records/codec.ts';
import type { RecordData } from '../records/record.ts';
import { collectionSql, isSqliteError, quoteIdent } from '../records/sql.ts';
import {
  boundPairs,
  coreFilterDialect,
  engineOf,
  fieldParam,
  pairItem,
  soleItem,
} from '../records/sql-dialect.ts';
import type { TopicOptions } from './topics.ts';

/** One AND-ed part of a subscriber's check: the listRule/viewRule, or the options' `filter`. */
export interface Condition {
  expr: string;
  /** A client filter (options.query.filter) compiles restricted, like a list `?filter=`. */
  restricted: boolean;
}

/** Stand-ins bound as `@request.auth.id` / `.email`, then swapped for columns of the auth list. */
const SENTINEL_ID = '\u0001realtime-auth-id\u0001';
const SENTINEL_EMAIL = '\u0001realtime-auth-email\u0001';
const AUTH_ALIAS = '__rt_auth';
const authColumns = (engine: Engine): Record<string, string> => ({
  [SENTINEL_ID]: pairItem(engine, AUTH_ALIAS, 0),
  [SENTINEL_EMAIL]: pairItem(engine, AUTH_ALIAS, 1),
});
/** When no check reads the email, the list is of ids alone: a third of the JSON, ~3× faster to scan. */
const idColumn = (engine: Engine): Record<string, string> => ({
  [SENTINEL_ID]: soleItem(engine, AUTH_ALIAS),
});

const caches = new WeakMap<object, FilterCache>();

function cacheFor(core: Core): FilterCache {
  let cache = caches.get(core.collections);
  if (!cache) {
    cache = new FilterCache();
    caches.set(core.collections, cache);
  }
  return cache;
}

function context(auth: RequestInfo['auth'], options: TopicOptions): RequestInfo {
  // realtime.md §4: context "realtime", method GET, the options as query/headers, empty body.
  return {
    auth,
    body: {},
    query: options.query,
    headers: options.headers,
    method: 'GET',
    context: 'realtime',
  };
}

function prepared(core: Core, c: Collection, cond: Condition) {
  return cacheFor(core).get(cond.expr, c, core.collections, core.collections.version, {
    restricted: cond.restricted,
    dialect: coreFilterDialect(core),
  });
}

function compile(core: Core, c: Collection, conds: Condition[], ctx: RequestInfo) {
  return conds.map((cond) => prepared(core, c, cond).bind(ctx));
}

/** Parses and resolves `conds` into the filter cache ahead of their first use. */
export function precompile(core: Core, c: Collection, conds: Condition[]): void {
  for (const cond of conds) {
    try {
      prepared(core, c, cond);
    } catch {
      // Left to the event: it compiles again, and a check that fails there fails closed.
    }
  }
}

/**
 * Auths whose checks can share one query: same auth collection and the same values for the
 * fields bound as they are (`emailVisibility`, `verified`); id and email vary per row.
 */
export function authShape(auth: AuthInfo | null): string {
  if (!auth) return 'guest';
  const r = auth.record;
  return `${auth.collection.id}|${r.emailVisibility === true}|${r.verified === true}|${typeof r.email}`;
}

/**
 * Which of `auths` (all of one `authShape`) may see record `recordId` of `c` under every
 * condition. A condition that fails to compile or run fails closed (nobody gets the event).
 */
export function evaluate(
  core: Core,
  c: Collection,
  record: RecordData,
  conds: Condition[],
  options: TopicOptions,
  auths: (AuthInfo | null)[],
): boolean[] {
  const first = auths[0];
  if (first === undefined) return [];
  try {
    if (first === null) {
      const ok = matchesOne(core, c, record, compile(core, c, conds, context(null, options)));
      return auths.map(() => ok);
    }
    if (auths.length > 1) {
      const batched = matchesMany(core, c, record, conds, options, auths as AuthInfo[]);
      if (batched) return batched;
    }
    return auths.map((a) =>
      matchesOne(core, c, record, compile(core, c, conds, context(a, options))),
    );
  } catch (err) {
    if (err instanceof FilterError || isSqliteError(err)) return auths.map(() => false);
    throw err;
  }
}

/**
 * The event's record as a one-row table under the collection's name, so the rules judge the
 * values the message carries, not whatever the table holds by the time the event goes out (a
 * later write of the same batch, or a write that raced ahead, must not unlock an earlier state).
 */
function snapshot(core: Core, c: Collection, record: RecordData): { sql: string; params: Param[] } {
  const sql = collectionSql(core, c, 'realtimeRow', (t) => {
    const cols = c.fields
      .map((f) => `${fieldParam(engineOf(core), f)} AS ${quoteIdent(f.name)}`)
      .join(', ');
    return `(SELECT ${cols}) AS ${t}`;
  });
  return { sql, params: recordToParams(c, record) };
}

function matchesOne(core: Core, c: Collection, record: RecordData, parts: CompiledFilter[]) {
  const row = snapshot(core, c, record);
  const where = parts.map((p) => ` AND ${p.sql}`).join('');
  const sql = `SELECT 1 AS ok FROM ${row.sql} WHERE 1=1${where} LIMIT 1`;
  const params = [...row.params, ...parts.flatMap((p) => p.params as Param[])];
  return readConn(core).get(sql, params) !== null;
}

/**
 * All auths in one query: the conditions are bound once with sentinel id/email, whose `?`
 * placeholders are then replaced by columns of a `json_each` over `[[id, email], …]` (`[id, …]` when
 * no check reads the email). Returns null when the bound SQL can't be rewritten safely (a sentinel
 * inside a LIKE pattern, say); the caller then runs one query per auth.
 */
function matchesMany(
  core: Core,
  c: Collection,
  record: RecordData,
  conds: Condition[],
  options: TopicOptions,
  auths: AuthInfo[],
): boolean[] | null {
  const first = auths[0]!;
  const sentinel = {
    record: { ...first.record, id: SENTINEL_ID, email: SENTINEL_EMAIL },
    collection: first.collection,
  };
  const parts = compile(core, c, conds, context(sentinel, options));
  const engine = engineOf(core);
  // A sentinel inside a larger string (a LIKE pattern) isn't a column: substituteSentinels refuses it.
  const withEmail = parts.some((p) => p.params.includes(SENTINEL_EMAIL));
  const columns = withEmail ? authColumns(engine) : idColumn(engine);
  const rewritten: { sql: string; params: Param[] }[] = [];
  for (const p of parts) {
    const r = substituteSentinels(p, engine, columns);
    if (!r) return null;
    rewritten.push(r);
  }
  const row = snapshot(core, c, record);
  const where = rewritten.map((p) => ` AND ${p.sql}`).join('');
  const sql = `SELECT ${AUTH_ALIAS}.key AS k FROM ${boundPairs(engine, AUTH_ALIAS)} WHERE EXISTS (SELECT 1 FROM ${row.sql} WHERE 1=1${where})`;
  const items: unknown[] = new Array(auths.length);
  for (let i = 0; i < auths.length; i++) {
    const r = auths[i]!.record;
    items[i] = withEmail ? [r.id, r.email ?? null] : r.id;
  }
  const list = JSON.stringify(items);
  const rows = readConn(core).all<{ k: number }>(sql, [
    list,
    ...row.params,
    ...rewritten.flatMap((p) => p.params),
  ]);
  const out: boolean[] = new Array(auths.length).fill(false);
  for (const row of rows) out[row.k] = true;
  return out;
}

/** Replaces each `?` bound to a sentinel with its column; null if the text can't be mapped safely. */
export function substituteSentinels(
  f: CompiledFilter,
  engine: Engine = 'sqlite',
  columns: Record<string, string> = authColumns(engine),
): { sql: string; params: Param[] } | null {
  const params: Param[] = [];
  let out = '';
  let i = 0;
  let n = 0;
  const text = f.sql;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === "'" || ch === '"') {
      // Quoted literal or identifier: copied verbatim, a doubled quote is an escaped one.
      let j = i + 1;
      while (j < text.length) {
        if (text[j] === ch) {
          if (text[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '?') {
      if (n >= f.params.length) return null;
      const value = f.params[n++];
      const column = typeof value === 'string' ? columns[value] : undefined;
      if (column) out += column;
      else {
        if (typeof value === 'string' && value.includes('\u0001realtime-auth-')) return null;
        out += '?';
        params.push(value as Param);
      }
      i++;
      continue;
    }
    out += ch;
    i++;
  }
  return n === f.params.length ? { sql: out, params } : null;
}
