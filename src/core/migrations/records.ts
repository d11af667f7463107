// Record reads and writes for data migrations (`app.findRecordById`, `app.save(record)`), synchronous
// inside the runner's transaction. No record hooks, rules or file uploads: a migration is trusted
// code changing rows, as PocketBase's `app.save` in a migration also skips request-level checks.

import { findSingleColumnUniqueIndex } from '../collections/index-sql.ts';
import type { Core } from '../core.ts';
import { nowDate } from '../dates.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { generateFromPattern, newRecordId } from '../ids.ts';
import { emptyRecord } from '../records/codec.ts';
import { findFirstByField, findRecordById } from '../records/find.ts';
import { deleteRow, persistRecord } from '../records/persist.ts';
import type { RecordData } from '../records/record.ts';
import { Collection, collectionModel, Record } from './js-api.ts';

function storedCollection(core: Core, ref: unknown) {
  const key = ref instanceof Collection ? ref.id : String(ref);
  return core.collections.require(key);
}

export function findRecordSync(core: Core, collection: unknown, id: string): Record {
  const c = storedCollection(core, collection);
  return wrap(core, c.id, findRecordById(core, c, id));
}

/** `app.findFirstRecordByData`: an exact match. */
export function findFirstRecordSync(
  core: Core,
  collection: unknown,
  field: string,
  value: unknown,
  nocase = false,
): Record {
  const c = storedCollection(core, collection);
  const param = value === null || value === undefined ? '' : (value as string | number);
  return wrap(core, c.id, findFirstByField(core, c, field, param, { nocase }));
}

/**
 * `app.findAuthRecordByEmail`: case-insensitive only when the e-mail's unique index is
 * `COLLATE NOCASE`, as PocketBase's FindAuthRecordByEmail.
 */
export function findAuthRecordSync(core: Core, collection: unknown, email: string): Record {
  const c = storedCollection(core, collection);
  const index = findSingleColumnUniqueIndex(c.indexes, 'email');
  const nocase = index?.columns[0]?.collate.toLowerCase() === 'nocase';
  return findFirstRecordSync(core, c.id, 'email', email, nocase);
}

function wrap(core: Core, collectionId: string, row: RecordData | null): Record {
  const c = core.collections.require(collectionId);
  if (!row) throw new NotFoundError('sql: no rows in result set');
  const r = new Record(collectionModel(c));
  r.loadStored(row);
  return r;
}

export function saveRecordSync(core: Core, record: Record): void {
  const owner = record.collection();
  if (!owner) throw new ValidationError('Record without a collection.', {});
  const c = storedCollection(core, owner);
  const original = record.original as RecordData | null;
  const data = { ...emptyRecord(c), ...(original ?? {}), ...record.toJSON() } as RecordData;
  if (!data.id) {
    const idField = c.fields.find((f) => f.name === 'id');
    const pattern =
      typeof idField?.autogeneratePattern === 'string' ? idField.autogeneratePattern : '';
    data.id = pattern ? generateFromPattern(pattern) : newRecordId();
  }
  const now = nowDate();
  for (const f of c.fields) {
    if (f.type === 'autodate' && ((original === null && f.onCreate) || f.onUpdate))
      data[f.name] = now;
    // tokenKey and other generated text values, as on any create.
    const pattern = f.type === 'text' ? f.autogeneratePattern : '';
    if (typeof pattern === 'string' && pattern && !data[f.name])
      data[f.name] = generateFromPattern(pattern);
  }
  const password = c.fields.find((f) => f.type === 'password');
  if (password && record.plainPassword !== null) {
    // Synchronous bcrypt: the migration's `app.save` returns at once (PocketBase's `$2a$` label).
    const cost = Number(password.cost) || 10;
    const hash = Bun.password.hashSync(record.plainPassword, { algorithm: 'bcrypt', cost });
    data[password.name] = hash.startsWith('$2b$') ? `$2a$${hash.slice(4)}` : hash;
    record.plainPassword = null;
  }
  persistRecord(core, c, data, original, 'Failed to save record.');
  record.loadStored(data);
}

export function deleteRecordSync(core: Core, record: Record): void {
  const owner = record.collection();
  if (!owner) return;
  deleteRow(core, storedCollection(core, owner), record.id);
}
