// The superuser SQL console (`POST /api/sql`, http-api.md §12), as PocketBase's: a run of one or more
// statements, reads capped at 1,000 rows, every value back as text or null.
//
// A run of read-only statements (SQLite says which: sqlite3_stmt_readonly) runs on the reader. The
// first statement that would write sends the whole run through the write queue as one transaction
// instead, so a failing statement rolls back the ones before it. The answer holds the last
// row-returning statement's columns and rows, the last writing statement's affected rows
// (PocketBase reports the last statement's count too), and errors carry SQLite's own text.
import { type Conn, type SqliteConn, sqliteHandle } from '../../db/conn.ts';
import { sqliteErrorText } from '../../db/sqlite-error.ts';
import type { Core } from '../core.ts';
import { BadRequestError, fieldError, ValidationError } from '../errors.ts';
import { type SqlStatement, splitStatements } from './split.ts';

const MAX_QUERY = 5000;
const MAX_ROWS = 1000;
/**
 * Refused with a reason: the run is one transaction already (these would end or nest it), and
 * ATTACH/DETACH would change a connection the server keeps (SQLite allows them in a transaction).
 */
const REFUSED: Record<string, string> = {
  BEGIN: 'the run is one transaction already',
  COMMIT: 'the run is one transaction already',
  END: 'the run is one transaction already',
  ROLLBACK: 'the run is one transaction already',
  SAVEPOINT: 'the run is one transaction already',
  RELEASE: 'the run is one transaction already',
  ATTACH: "it would change the server's database connection",
  DETACH: "it would change the server's database connection",
};

export interface SqlResult {
  execTime: number;
  affectedRows: number;
  columns: { name: string; type: string; nullable: boolean }[];
  rows: (string | null)[][];
}

type RunResult = Omit<SqlResult, 'execTime'>;
type Statement = ReturnType<SqliteConn['raw']['prepare']>;

/** Thrown on the reader when a statement would write: the run restarts on the writer. */
class NeedsWriter extends Error {}

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return String(v);
}

const totalChanges = (conn: Conn): number =>
  conn.get<{ n: number }>('SELECT total_changes() AS n')?.n ?? 0;

/**
 * Off the shared reader even though SQLite calls them read-only: VACUUM (refused by SQLite inside
 * the transaction) and a PRAGMA that sets something on the connection.
 */
const mustWrite = ({ keyword, text }: SqlStatement): boolean =>
  keyword === 'VACUUM' || (keyword === 'PRAGMA' && text.includes('='));

/** Up to MAX_ROWS rows as text; positional, so `select 1 as a, 2 as a` keeps both columns. */
function readRows(stmt: Statement, names: string[]): (string | null)[][] {
  if (new Set(names).size !== names.length) {
    // Only arrays keep same-named columns apart, and bun:sqlite has no array iterator.
    return stmt
      .values()
      .slice(0, MAX_ROWS)
      .map((row) => row.map(asText));
  }
  const rows: (string | null)[][] = [];
  // A RETURNING statement makes all its changes on the first step: stopping early is safe.
  for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) {
    if (rows.length >= MAX_ROWS) break;
    rows.push(names.map((n) => asText(row[n])));
  }
  return rows;
}

/** Runs the statements in order on `conn`; throws SQLite's error at the first that fails. */
function execute(conn: Conn, statements: SqlStatement[], onReader: boolean): RunResult {
  const out: RunResult = { affectedRows: 0, columns: [], rows: [] };
  for (const statement of statements) {
    if (onReader && mustWrite(statement)) throw new NeedsWriter();
    const before = totalChanges(conn);
    const stmt = sqliteHandle(conn).prepare(statement.text);
    try {
      if (onReader && !stmt.readonly) throw new NeedsWriter();
      // Integers as bigint: exact text past 2^53.
      stmt.safeIntegers(true);
      const names = stmt.columnNames;
      if (names.length === 0) {
        const { changes } = stmt.run();
        // sqlite3_changes() keeps the previous DML's count through DDL: only trust it if rows changed.
        out.affectedRows = totalChanges(conn) === before ? 0 : changes;
        continue;
      }
      const rows = readRows(stmt, names);
      const types = stmt.declaredTypes;
      out.columns = names.map((name, i) => ({ name, type: types[i] ?? '', nullable: true }));
      out.rows = rows;
      // A plain read keeps the previous write's count (`delete …; select …` reports the delete).
      if (totalChanges(conn) !== before) out.affectedRows = rows.length;
    } finally {
      stmt.finalize();
    }
  }
  return out;
}

/** Validates the query as PocketBase's form does (length in characters, before trimming). */
function checkQuery(query: unknown): string {
  const text = typeof query === 'string' ? query : '';
  if (!text) {
    throw new ValidationError('An error occurred while validating the submitted data.', {
      query: fieldError('validation_required', 'Cannot be blank.'),
    });
  }
  if ([...text].length > MAX_QUERY) {
    throw new ValidationError('An error occurred while validating the submitted data.', {
      query: fieldError(
        'validation_length_too_long',
        `The length must be no more than ${MAX_QUERY}.`,
        { max: MAX_QUERY, min: 0 },
      ),
    });
  }
  return text;
}

const failed = (reason: string) =>
  new BadRequestError(`Failed to execute query. Raw error:\n${reason}`);

export async function runSqlQuery(core: Core, query: unknown): Promise<SqlResult> {
  const text = checkQuery(query).trim();
  if (!text) throw failed('empty query');
  // Comments only: nothing to run, an empty answer (as PocketBase).
  const statements = splitStatements(text, {
    dollarQuotes: core.store.reader.engine === 'postgres',
  });
  const refused = statements.find((s) => REFUSED[s.keyword]);
  if (refused) throw failed(`${refused.keyword} is not allowed: ${REFUSED[refused.keyword]}`);
  const url = core.store.dbUrl;
  if (core.store.reader.engine === 'postgres' && url) {
    if (statements.length === 0) return { execTime: 0, affectedRows: 0, columns: [], rows: [] };
    // Bun's SQL client for the console loads with its first query, not at every start.
    const { isPgServerError, runOnPostgres } = await import('./run-pg.ts');
    const started = performance.now();
    try {
      const result = await runOnPostgres(core, url, text, MAX_ROWS);
      return { execTime: Math.round(performance.now() - started), ...result };
    } catch (err) {
      // PostgreSQL's refusals are the answer; a lost connection stays a 500.
      if (!isPgServerError(err)) throw err;
      throw failed(err.message);
    }
  }
  const started = performance.now();
  try {
    let result: RunResult;
    try {
      result = execute(core.store.reader, statements, true);
    } catch (err) {
      if (!(err instanceof NeedsWriter)) throw err;
      result = await core.store.writes.run((tx) => {
        const r = execute(tx, statements, false);
        // A statement may have changed `_collections` or the tables behind them.
        core.collections.reload(tx);
        return r;
      });
    }
    return { execTime: Math.round(performance.now() - started), ...result };
  } catch (err) {
    // SQLite's refusals are the answer; anything else is a bug and stays a 500.
    if (typeof (err as { errno?: unknown } | null)?.errno !== 'number') throw err;
    throw failed(sqliteErrorText(err));
  }
}
