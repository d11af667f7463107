// INSERT/UPDATE of a record row with bound values; SQLite UNIQUE failures become 400s, matched by error code.
import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { ValidationError } from '../errors.ts';
import { recordToParams } from './codec.ts';
import type { RecordData } from './record.ts';
import { collectionSql, quoteIdent } from './sql.ts';
import { constraintCode, uniqueViolationErrors } from './unique.ts';

/** Must run inside `core.store.writes.run`. Every column is written, so legacy NOT NULL columns without defaults are fine. */
export function persistRecord(
  core: Core,
  c: Collection,
  record: RecordData,
  original: RecordData | null,
  failMessage: string,
): void {
  const conn = core.store.writes.inTransaction;
  if (!conn) throw new Error('persistRecord outside a write transaction');
  const params = recordToParams(c, record);
  try {
    if (!original) {
      const sql = collectionSql(core, c, 'insert', (t) => {
        const cols = c.fields.map((f) => quoteIdent(f.name)).join(', ');
        const marks = c.fields.map(() => '?').join(', ');
        return `INSERT INTO ${t} (${cols}) VALUES (${marks})`;
      });
      conn.run(sql, params);
    } else {
      const sql = collectionSql(core, c, 'update', (t) => {
        const sets = c.fields.map((f) => `${quoteIdent(f.name)} = ?`).join(', ');
        return `UPDATE ${t} SET ${sets} WHERE "id" = ?`;
      });
      conn.run(sql, [...params, original.id]);
    }
  } catch (err) {
    const code = constraintCode(err);
    if (!code) throw err;
    throw new ValidationError(failMessage, uniqueViolationErrors(core, c, record, code));
  }
}

export function deleteRow(core: Core, c: Collection, id: string): number {
  const conn = core.store.writes.inTransaction;
  if (!conn) throw new Error('deleteRow outside a write transaction');
  const sql = collectionSql(core, c, 'delete', (t) => `DELETE FROM ${t} WHERE "id" = ?`);
  return conn.run(sql, [id]).changes;
}
