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

/** Inserts `rows` in one transaction. */
export function insertLogRows(db: Database, rows: LogTuple[]): void {
  const insert = db.query(INSERT_LOG);
  db.transaction(() => {
    for (const r of rows) insert.run(...r);
  })();
}
