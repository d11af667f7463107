// The SQL console on PostgreSQL: the same answer as on SQLite (last row-returning statement's
// columns and rows as text, last write's affected rows), from PostgreSQL's own results.
//
// Why its own connections and not the store's synchronous bridge: the console needs what the bridge
// smooths away — each result's column types and PostgreSQL's text form of every value — and
// several statements as one transaction. The whole run goes as ONE simple-protocol message, which
// PostgreSQL runs as one implicit transaction (a failing statement rolls back the ones before it)
// without waiting on this thread between statements, so it can't deadlock with the store's
// writer, which blocks this thread while it waits for a lock.
//
// Reads first: a connection whose transactions are read-only (`default_transaction_read_only`)
// runs the run; PostgreSQL refuses any write there (SQLSTATE 25006), and then the run goes to a
// read-write connection instead, after which the collections are reloaded (a statement may have
// changed them).
import { SQL } from 'bun';
import type { Core } from '../core.ts';

/** PostgreSQL's "cannot execute … in a read-only transaction". */
const READ_ONLY_VIOLATION = '25006';

export interface PgRunResult {
  affectedRows: number;
  columns: { name: string; type: string; nullable: boolean }[];
  rows: (string | null)[][];
}

type RawResult = (Uint8Array | null)[][] & {
  command?: string;
  count?: number;
  columns?: { name: string; type: number }[];
};

/** Type OID → PostgreSQL's name for it (`integer`, `timestamp with time zone`), per database. */
const typeCaches = new WeakMap<object, Map<number, string>>();

function typeCache(core: Core): Map<number, string> {
  let types = typeCaches.get(core.store);
  if (!types) {
    types = new Map();
    typeCaches.set(core.store, types);
  }
  return types;
}

/**
 * A connection for one run, closed after it: the console is used now and then, a connection costs
 * a few milliseconds, and whatever the run `SET` on its session ends with it.
 */
async function withConnection<T>(
  url: string,
  readOnly: boolean,
  fn: (sql: SQL) => Promise<T>,
): Promise<T> {
  const sql = new SQL({
    url,
    max: 1,
    ...(readOnly ? { connection: { default_transaction_read_only: 'on' } } : {}),
  } as ConstructorParameters<typeof SQL>[0]);
  try {
    return await fn(sql);
  } finally {
    await sql.close();
  }
}

/**
 * A statement PostgreSQL refused (an ErrorResponse: severity and SQLSTATE in errno), told apart from
 * a lost connection or a client-side failure, which have neither.
 */
export function isPgServerError(err: unknown): err is Error & { errno: string } {
  const e = err as { severity?: unknown; errno?: unknown } | null;
  return typeof e?.severity === 'string' && typeof e.errno === 'string';
}

/** Results of the whole text, one per statement (a single statement's result comes unwrapped). */
async function runText(sql: SQL, text: string): Promise<RawResult[]> {
  const out = (await sql.unsafe(text).simple().raw()) as unknown as RawResult | RawResult[];
  return (out as RawResult).command !== undefined ? [out as RawResult] : (out as RawResult[]);
}

async function typeNames(sql: SQL, types: Map<number, string>, oids: number[]): Promise<void> {
  const missing = [...new Set(oids)].filter((o) => !types.has(o));
  if (missing.length === 0) return;
  const rows = (await sql.unsafe(
    'SELECT oid::int AS oid, format_type(oid, NULL) AS name FROM pg_type WHERE oid = ANY($1::oid[])',
    [`{${missing.join(',')}}`],
  )) as { oid: number; name: string }[];
  for (const r of rows) types.set(r.oid, r.name);
}

const WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);
const decoder = new TextDecoder();

/** The answer from the results, as the SQLite runner builds it statement by statement. */
async function answer(
  sql: SQL,
  types: Map<number, string>,
  results: RawResult[],
  maxRows: number,
): Promise<PgRunResult> {
  const out: PgRunResult = { affectedRows: 0, columns: [], rows: [] };
  for (const r of results) {
    const writes = WRITES.has(r.command ?? '');
    const columns = r.columns ?? [];
    if (columns.length === 0) {
      // DDL and the like change no rows (and reset the count, as SQLite's runner does).
      out.affectedRows = writes ? (r.count ?? 0) : 0;
      continue;
    }
    await typeNames(
      sql,
      types,
      columns.map((col) => col.type),
    );
    out.columns = columns.map((col) => ({
      name: col.name,
      type: types.get(col.type) ?? '',
      nullable: true,
    }));
    // Simple-protocol values arrive in PostgreSQL's text form: exactly what it would print.
    out.rows = [...r]
      .slice(0, maxRows)
      .map((row) => row.map((v) => (v === null ? null : decoder.decode(v))));
    // A plain read keeps the previous write's count; INSERT … RETURNING reports its own.
    if (writes) out.affectedRows = r.count ?? 0;
  }
  return out;
}

/** Runs `text` (already checked for refused statements) on the database behind `core`. */
export async function runOnPostgres(
  core: Core,
  url: string,
  text: string,
  maxRows: number,
): Promise<PgRunResult> {
  const types = typeCache(core);
  const run = (sql: SQL) => runText(sql, text).then((r) => answer(sql, types, r, maxRows));
  try {
    return await withConnection(url, true, run);
  } catch (err) {
    if (!isPgServerError(err) || err.errno !== READ_ONLY_VIOLATION) throw err;
  }
  try {
    return await withConnection(url, false, run);
  } finally {
    // A statement may have changed `_collections` or the tables behind them.
    await core.store.writes.run((tx) => core.collections.reload(tx));
  }
}
