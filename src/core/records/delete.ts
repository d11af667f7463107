// Record deletion with reference handling (http-api.md §3.5): unlink, cascade, or refuse for required relations.

import type { Row } from '../../db/conn.ts';
import type { RecordEvent } from '../../hooks/events.ts';
import type { AuthInfo } from '../auth/auth-info.ts';
import { type Collection, type Field, SUPERUSERS } from '../collections/model.ts';
import { type Core, readConn } from '../context.ts';
import { BadRequestError, NotFoundError } from '../errors.ts';
import { deleteStoredPrefix, recordDir } from '../files/storage.ts';
import { recordFromRow } from './codec.ts';
import { findRecordById, findWithRule } from './find.ts';
import { asList } from './modifiers.ts';
import { deleteRow } from './persist.ts';
import type { RecordData } from './record.ts';
import type { RequestMeta } from './request-info.ts';
import { assertRuleNotLocked } from './rules.ts';
import { afterSuccess, saveRecordInternal, writableCollection } from './save.ts';
import { collectionCached, collectionSql, quoteIdent } from './sql.ts';

export interface DeleteRecordInput {
  collection: Collection | string;
  id: string;
  auth: AuthInfo | null;
  /** The request the deleteRule sees (`@request.query`, `headers`, `method`, `context`). */
  meta?: RequestMeta;
}

export const REQUIRED_REFERENCE =
  'Failed to delete record. Make sure that the record is not part of a required relation reference.';

export async function deleteRecord(core: Core, input: DeleteRecordInput): Promise<void> {
  const c = writableCollection(core, input.collection);
  assertRuleNotLocked(c.deleteRule, input.auth);
  // A record failing the deleteRule looks missing (filter-and-rules.md §5.2).
  const record = findWithRule(core, c, input.id, c.deleteRule, input.auth, input.meta);
  if (!record) throw new NotFoundError();
  await deleteRecordInternal(core, c, record, { auth: input.auth });
}

/** No API rules. Runs in one transaction with every cascade, so a refused reference undoes it all. */
export async function deleteRecordInternal(
  core: Core,
  collection: Collection | string,
  record: RecordData,
  options: { auth?: AuthInfo | null } = {},
): Promise<void> {
  const c = writableCollection(core, collection);
  const hooks = core.hooks;
  const event: RecordEvent = { collection: c, record, auth: options.auth ?? null };
  try {
    await core.store.writes.run(async () => {
      await hooks.onRecordDelete.trigger(event, async (e) => {
        if (c.name === SUPERUSERS && countRows(core, c) <= 1)
          throw new BadRequestError("You can't delete the only existing superuser.");
        // Row first, references after: an A↔B cycle then finds A gone and stops (as PocketBase).
        if (deleteRow(core, c, e.record.id) === 0) throw new NotFoundError();
        if (c.type === 'auth')
          await deleteAuthRows(core, c, e.record.id, [
            '_externalAuths',
            '_mfas',
            '_otps',
            '_authOrigins',
          ]);
        await releaseReferences(core, c, e.record, options.auth ?? null);
      });
    });
  } catch (error) {
    await hooks.onRecordAfterDeleteError.trigger({ ...event, error });
    throw error;
  }
  // The record's files (and thumbs) go once the delete is durable: inside a cascade or a batch, at
  // the outermost commit; dropped if that rolls back.
  if (c.fields.some((f) => f.type === 'file')) {
    await afterSuccess(core, () => deleteStoredPrefix(core, recordDir(c.id, record.id)));
  }
  await afterSuccess(core, () => hooks.onRecordAfterDeleteSuccess.trigger(event));
}

/**
 * Deletes the auth record's rows in the system collections that exist (`_externalAuths`, `_mfas`,
 * …), each through the delete pipeline so hooks and realtime see them go; returns how many went.
 */
export async function deleteAuthRows(
  core: Core,
  c: Collection,
  recordId: string,
  tables: string[],
): Promise<number> {
  let n = 0;
  for (const table of tables) {
    const sys = core.collections.find(table);
    if (!sys) continue;
    const sql = collectionSql(
      core,
      sys,
      'authRows',
      (t) => `SELECT * FROM ${t} WHERE "collectionRef" = ? AND "recordRef" = ?`,
    );
    for (const row of readConn(core).all<Row>(sql, [c.id, recordId])) {
      await deleteRecordInternal(core, sys, recordFromRow(sys, row));
      n++;
    }
  }
  return n;
}

function countRows(core: Core, c: Collection): number {
  const sql = collectionSql(core, c, 'count', (t) => `SELECT COUNT(*) AS n FROM ${t}`);
  return readConn(core).get<{ n: number }>(sql)?.n ?? 0;
}

/** Every relation field of any (non-view) collection that points at `target`. */
function referencingFields(core: Core, target: Collection): [Collection, Field][] {
  return collectionCached(core, target, 'referencingFields', () => findReferences(core, target));
}

function findReferences(core: Core, target: Collection): [Collection, Field][] {
  const out: [Collection, Field][] = [];
  const sorted = core.collections.all().sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const c of sorted) {
    if (c.type === 'view') continue;
    for (const f of c.fields) {
      if (f.type === 'relation' && f.collectionId === target.id) out.push([c, f]);
    }
  }
  return out;
}

async function releaseReferences(
  core: Core,
  target: Collection,
  deleted: RecordData,
  auth: AuthInfo | null,
): Promise<void> {
  for (const [c, field] of referencingFields(core, target)) {
    const col = quoteIdent(field.name);
    const isMultiple = Number(field.maxSelect ?? 0) > 1;
    const sql = collectionSql(core, c, `refs:${field.name}`, (t) =>
      isMultiple
        ? `SELECT * FROM ${t} WHERE EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(${col}) THEN ${col} ELSE json_array(${col}) END) AS je WHERE je.value = ?)`
        : `SELECT * FROM ${t} WHERE ${col} = ?`,
    );
    const rows = readConn(core).all<Row>(sql, [deleted.id]);
    for (const row of rows) {
      const ref = recordFromRow(c, row);
      const ids = asList(ref[field.name]).filter((id) => id !== deleted.id);
      if (ids.length === 0 && field.cascadeDelete) {
        // It may be gone already through another path of the same cascade.
        if (findRecordById(core, c, ref.id)) await deleteRecordInternal(core, c, ref, { auth });
        continue;
      }
      if (ids.length === 0 && field.required) throw new BadRequestError(REQUIRED_REFERENCE);
      ref[field.name] = isMultiple ? ids : (ids.at(-1) ?? '');
      // Without validation: another relation of the row may point at a record deleted earlier.
      await saveRecordInternal(core, c, ref, { isNew: false, auth, validate: false });
    }
  }
}
