// PostgreSQL's errors in the words the core already understands: SQLite's result codes.

/**
 * The core tells database errors apart by SQLite's codes (`SQLITE_CONSTRAINT_UNIQUE` → a field's
 * "must be unique", `SQLITE_BUSY` → retry, any `SQLITE_*` in a filter → 400). Mapping PostgreSQL's
 * SQLSTATE onto them here keeps that knowledge in one place; `sqlstate` keeps the original.
 */
export class PgError extends Error {
  override readonly name = 'PgError';
  constructor(
    message: string,
    readonly code: string,
    readonly errno: number,
    readonly sqlstate: string,
  ) {
    super(message);
  }
}

/** What the worker sends back for a failed query (structured-clone-safe). */
export interface PgErrorData {
  message: string;
  sqlstate: string;
  detail?: string;
  table?: string;
  constraint?: string;
}

/** SQLite's (code, extended errno) for a SQLSTATE; its class (first two characters) as fallback. */
function sqliteCode(state: string, constraint: string): [string, number] {
  switch (state) {
    case '23505':
      return constraint.endsWith('_pkey')
        ? ['SQLITE_CONSTRAINT_PRIMARYKEY', 1555]
        : ['SQLITE_CONSTRAINT_UNIQUE', 2067];
    case '23502':
      return ['SQLITE_CONSTRAINT_NOTNULL', 1299];
    case '23503':
      return ['SQLITE_CONSTRAINT_FOREIGNKEY', 787];
    case '23514':
      return ['SQLITE_CONSTRAINT_CHECK', 275];
    case '40001':
    case '40P01':
    case '55P03':
      return ['SQLITE_BUSY', 5];
    case '57014':
      return ['SQLITE_INTERRUPT', 9];
    case '54001':
      return ['SQLITE_TOOBIG', 18];
  }
  if (state.startsWith('22')) return ['SQLITE_MISMATCH', 20];
  if (state.startsWith('08') || state.startsWith('57')) return ['SQLITE_IOERR', 10];
  return ['SQLITE_ERROR', 1];
}

/**
 * `duplicate key value violates unique constraint "idx"` + `Key (email)=(a@b.c) already exists.`
 * reads as SQLite's `UNIQUE constraint failed: users.email`, which the core parses for the column.
 */
export function toPgError(data: PgErrorData): PgError {
  const [code, errno] = sqliteCode(data.sqlstate, data.constraint ?? '');
  let message = data.message;
  if (data.sqlstate === '23505' && data.table) {
    const columns = /^Key \((.+?)\)=/.exec(data.detail ?? '')?.[1] ?? '';
    const cols = columns
      .split(',')
      .map((c) => c.trim().replace(/^"|"$/g, ''))
      .filter(Boolean)
      .map((c) => `${data.table}.${c}`)
      .join(', ');
    message = `UNIQUE constraint failed: ${cols || data.table}`;
  }
  return new PgError(message, code, errno, data.sqlstate);
}
