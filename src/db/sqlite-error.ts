// SQLite errors as PocketBase's driver (modernc.org/sqlite) words them: `SQL logic error: <msg> (1)`.

/** sqlite3_errstr() of the primary result codes (sqlite's own table; unnamed ones fall back). */
const ERRSTR: Record<number, string> = {
  1: 'SQL logic error',
  3: 'access permission denied',
  4: 'query aborted',
  5: 'database is locked',
  6: 'database table is locked',
  7: 'out of memory',
  8: 'attempt to write a readonly database',
  9: 'interrupted',
  10: 'disk I/O error',
  11: 'database disk image is malformed',
  12: 'unknown operation',
  13: 'database or disk is full',
  14: 'unable to open database file',
  15: 'locking protocol',
  17: 'database schema has changed',
  18: 'string or blob too big',
  19: 'constraint failed',
  20: 'datatype mismatch',
  21: 'bad parameter or other API misuse',
  23: 'authorization denied',
  25: 'column index out of range',
  26: 'file is not a database',
};

/**
 * `no such column: a` (errno 1) → `SQL logic error: no such column: a (1)`;
 * `UNIQUE constraint failed: t.a` (errno 2067) → `constraint failed: UNIQUE constraint failed: t.a (2067)`.
 * Anything without an errno keeps its message.
 */
export function sqliteErrorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const errno = (err as { errno?: unknown } | null)?.errno;
  if (typeof errno !== 'number' || errno <= 0) return message;
  return `${ERRSTR[errno & 0xff] ?? 'unknown error'}: ${message} (${errno})`;
}
