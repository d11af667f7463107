// The superuser SQL console (`POST /api/sql`, http-api.md §12): one statement, writes in a write
// transaction, reads capped at 1,000 rows; every value comes back as text or null.
import type { Conn } from '../db/conn.ts';
import { type Core, readConn } from './core.ts';
import { BadRequestError, fieldError, ValidationError } from './errors.ts';

const MAX_QUERY = 5000;
const MAX_ROWS = 1000;
const WRITE = /^\s*(insert|create|update|delete|drop|detach|alter|replace)\b/i;

export interface SqlResult {
  execTime: number;
  affectedRows: number;
  columns: { name: string; type: string; nullable: boolean }[];
  rows: (string | null)[][];
}

function asText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Uint8Array) return new TextDecoder().decode(v);
  return String(v);
}

function execute(conn: Conn, query: string, write: boolean): Omit<SqlResult, 'execTime'> {
  const stmt = conn.raw.prepare(query);
  try {
    const names = stmt.columnNames;
    if (write && names.length === 0) {
      return { affectedRows: stmt.run().changes, columns: [], rows: [] };
    }
    const rows: (string | null)[][] = [];
    for (const row of stmt.iterate() as Iterable<Record<string, unknown>>) {
      rows.push(names.map((n) => asText(row[n])));
      if (rows.length >= MAX_ROWS) break;
    }
    const types = stmt.declaredTypes;
    const columns = names.map((name, i) => ({ name, type: types[i] ?? '', nullable: true }));
    return { affectedRows: 0, columns, rows };
  } finally {
    stmt.finalize();
  }
}

export async function runSqlQuery(core: Core, query: unknown): Promise<SqlResult> {
  const text = typeof query === 'string' ? query.trim() : '';
  if (!text || text.length > MAX_QUERY) {
    throw new ValidationError('An error occurred while validating the submitted data.', {
      query: text
        ? fieldError(
            'validation_length_out_of_range',
            `The length must be between 1 and ${MAX_QUERY}.`,
            {
              min: 1,
              max: MAX_QUERY,
            },
          )
        : fieldError('validation_required', 'Cannot be blank.'),
    });
  }
  const write = WRITE.test(text);
  const started = performance.now();
  try {
    const result = write
      ? await core.store.writes.run(async (tx) => {
          const r = execute(tx, text, true);
          // A statement may have changed `_collections` or the tables behind them.
          core.collections.reload(tx);
          return r;
        })
      : execute(readConn(core), text, false);
    return { execTime: Math.round(performance.now() - started), ...result };
  } catch (err) {
    const raw = err instanceof Error ? err.message : String(err);
    throw new BadRequestError(`Failed to execute query. Raw error: ${raw}`);
  }
}
