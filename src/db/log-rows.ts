// `_logs` rows as they travel from LogBuffer to its worker thread, and the insert both sides use.
//
// A batch crosses to the worker as the UTF-8 of these strings, in a buffer that is handed over (Bun
// clones an array of 200 five-field arrays at ~2.5 µs a row). Every field is length-prefixed in
// UTF-16 units, so any text (an app log's message may hold any character) round-trips unchanged:
// `{ id: 'a', level: 0, message: 'GET /', … }` → `1:a1:05:GET /…`.
import type { Database } from 'bun:sqlite';

/** One `_logs` row as stored; `data` already JSON text. */
export interface LogRow {
  id: string;
  level: number;
  message: string;
  data: string;
  created: string;
}

/** A row in the insert's parameter order. */
export type LogTuple = [id: string, level: number, message: string, data: string, created: string];

export function encodeLogRow(r: LogRow): string {
  const level = String(r.level);
  return `${r.id.length}:${r.id}${level.length}:${level}${r.message.length}:${r.message}${r.data.length}:${r.data}${r.created.length}:${r.created}`;
}

/** The rows of a string of `encodeLogRow` outputs, in order. */
export function decodeLogRows(text: string): LogTuple[] {
  const rows: LogTuple[] = [];
  let at = 0;
  const next = () => {
    const colon = text.indexOf(':', at);
    const end = colon + 1 + Number(text.slice(at, colon));
    const value = text.slice(colon + 1, end);
    at = end;
    return value;
  };
  while (at < text.length) {
    rows.push([next(), Number(next()), next(), next(), next()]);
  }
  return rows;
}

export const INSERT_LOG =
  'INSERT INTO _logs (id, level, message, data, created) VALUES (?, ?, ?, ?, ?)';

/**
 * Rows one INSERT statement takes: a statement's own cost (bind, step, reset, the VDBE's set-up)
 * is shared by this many rows, ~10% of a row's insert with `_logs`' indexes (the index work,
 * mostly `_logs_message_idx`, stays). Rows keep their order, so rowids keep log order.
 */
const ROWS_PER_INSERT = 32;
const INSERT_MANY = `INSERT INTO _logs (id, level, message, data, created) VALUES ${Array(
  ROWS_PER_INSERT,
)
  .fill('(?, ?, ?, ?, ?)')
  .join(', ')}`;

/** Inserts `rows` in one transaction, ROWS_PER_INSERT to a statement. */
export function insertLogRows(db: Database, rows: LogTuple[]): void {
  const many = db.query(INSERT_MANY);
  const one = db.query(INSERT_LOG);
  const args: (string | number)[] = new Array(ROWS_PER_INSERT * 5);
  db.transaction(() => {
    let i = 0;
    for (; i + ROWS_PER_INSERT <= rows.length; i += ROWS_PER_INSERT) {
      for (let j = 0; j < ROWS_PER_INSERT; j++) {
        const r = rows[i + j]!;
        const at = j * 5;
        args[at] = r[0];
        args[at + 1] = r[1];
        args[at + 2] = r[2];
        args[at + 3] = r[3];
        args[at + 4] = r[4];
      }
      many.run(...args);
    }
    for (; i < rows.length; i++) one.run(...rows[i]!);
  })();
}
