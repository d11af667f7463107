// The PostgreSQL bridge's worker thread: runs Bun's SQL client and answers the waiting thread (bridge.ts).
import { type ReservedSQL, SQL } from 'bun';
import type { PgErrorData } from './errors.ts';
import type { Init, Reply, Request } from './protocol.ts';
import { toPostgresText } from './sql-text.ts';

declare const self: Worker;

/** PostgreSQL type OIDs whose values the core expects in SQLite's shapes. */
const BOOL = 16;
const INT8 = 20;
const NUMERIC = 1700;
const JSON_OID = 114;
const JSONB = 3802;
const DATES = new Set([1082, 1083, 1114, 1184]);

const texts = new Map<string, string>();
/** The rewrite is cached per text: the core reuses a few hundred distinct statements. */
function pgText(sql: string): string {
  let t = texts.get(sql);
  if (t === undefined) {
    t = toPostgresText(sql);
    if (texts.size > 2000) texts.clear();
    texts.set(sql, t);
  }
  return t;
}

interface Column {
  name: string;
  type: number;
}

/** Rows as bun:sqlite would give them: JSON as its text, booleans 0/1, big numbers as numbers. */
function normalize(rows: Record<string, unknown>[], columns: Column[] | undefined): void {
  if (!columns) return;
  const fix = columns.filter(
    (c) =>
      c.type === BOOL ||
      c.type === INT8 ||
      c.type === NUMERIC ||
      c.type === JSON_OID ||
      c.type === JSONB ||
      DATES.has(c.type),
  );
  if (fix.length === 0) return;
  for (const row of rows) {
    for (const c of fix) {
      const v = row[c.name];
      if (v === null || v === undefined) continue;
      if (c.type === BOOL) row[c.name] = v ? 1 : 0;
      else if (c.type === INT8 || c.type === NUMERIC) row[c.name] = Number(v);
      else if (DATES.has(c.type)) row[c.name] = v instanceof Date ? v.toISOString() : String(v);
      else row[c.name] = JSON.stringify(v);
    }
  }
}

/**
 * Numbers go as text too: Bun would type them integer/double, and PostgreSQL has no `boolean =
 * integer` or `text = integer`; the core binds SQLite's values (1/0 for booleans, numbers for text).
 */
function untyped(value: unknown): unknown {
  return typeof value === 'number' || typeof value === 'bigint' ? String(value) : value;
}

function errorData(err: unknown): PgErrorData {
  const e = err as {
    message?: string;
    errno?: unknown;
    detail?: string;
    table?: string;
    constraint?: string;
  };
  return {
    message: e?.message ?? String(err),
    // Bun's client puts the SQLSTATE in errno; connection failures have none.
    sqlstate: typeof e?.errno === 'string' ? e.errno : '08000',
    detail: e?.detail,
    table: e?.table,
    constraint: e?.constraint,
  };
}

/** Longest a statement may run (`statement_timeout`), below the caller's own wait. */
const STATEMENT_TIMEOUT_MS = 30_000;

let pool: SQL;
let writer: ReservedSQL | null = null;

async function session(req: Request): Promise<SQL | ReservedSQL> {
  if (req.session === 'pool') return pool;
  if (!writer) {
    writer = await pool.reserve();
    // Bounded waits: a row locked by another node must not hold this one's event loop forever.
    await writer.unsafe("SET lock_timeout = '15s'");
    // Schema changes (a column type over a big table, an index) may take long; they are admin work.
    await writer.unsafe("SET statement_timeout = '5min'");
  }
  return writer;
}

type Result = Record<string, unknown>[] & {
  count?: number;
  statement?: { columns?: Column[] };
};

async function answer(req: Request): Promise<Reply> {
  try {
    const conn = await session(req);
    const text = pgText(req.sql);
    if (req.op === 'exec') {
      await conn.unsafe(text);
      return { id: req.id, done: true };
    }
    const params = req.params.map(untyped);
    const query = async (): Promise<Result> =>
      (await conn.unsafe(text, params)) as unknown as Result;
    let result: Result;
    if (req.guarded) {
      await conn.unsafe('SAVEPOINT satchel_guard');
      try {
        result = await query();
      } catch (err) {
        await conn.unsafe('ROLLBACK TO SAVEPOINT satchel_guard');
        throw err;
      } finally {
        await conn.unsafe('RELEASE SAVEPOINT satchel_guard');
      }
    } else result = await query();
    if (req.op === 'run') return { id: req.id, changes: result.count ?? 0 };
    const columns = result.statement?.columns;
    if (req.op === 'columns') return { id: req.id, columns: (columns ?? []).map((c) => c.name) };
    const rows = [...result];
    normalize(rows, columns);
    return { id: req.id, rows };
  } catch (err) {
    return { id: req.id, error: errorData(err) };
  }
}

self.onmessage = (event: MessageEvent<Init>) => {
  const init = event.data;
  // Unprepared: parameters then go as untyped text that PostgreSQL reads by context (JSON text into a
  // jsonb column, '1' into a boolean), as SQLite's loose typing does; a prepared statement would
  // have Bun encode a string for a jsonb column as a JSON string.
  pool = new SQL(init.url, {
    max: 8,
    idleTimeout: 60,
    prepare: false,
    // The calling thread waits out every query: a runaway one (a user's filter PostgreSQL plans
    // badly) ends as an error instead of stalling the node. SQLite's queries can't hang on locks.
    connection: { statement_timeout: String(init.statementTimeoutMs ?? STATEMENT_TIMEOUT_MS) },
  });
  // Synchronous requests arrive one at a time (the caller is blocked until the reply).
  init.sync.onmessage = async (e: MessageEvent<Request>) => {
    const reply = await answer(e.data);
    init.sync.postMessage(reply);
    Atomics.add(init.flag, 0, 1);
    Atomics.notify(init.flag, 0);
  };
  init.async.onmessage = async (e: MessageEvent<Request>) => {
    init.async.postMessage(await answer(e.data));
  };
};
