// The one write pipeline every record create, update and delete goes through: API, CLI and auth flows
// (http-api.md §3.3–§3.5). Saving and deleting recurse into each other (a delete unlinks references
// by saving them, a verification drops OAuth2 links by deleting them), so both halves live here.
import type { Row } from '../../db/conn.ts';
import type { RecordEvent } from '../../hooks/events.ts';
import { type Collection, type Field, SUPERUSERS } from '../collections/model.ts';
import { afterSuccess, type Core, readConn } from '../core.ts';
import { nowDate } from '../dates.ts';
import {
  BadRequestError,
  type ErrorData,
  hasErrors,
  NotFoundError,
  ValidationError,
} from '../errors.ts';
import { deleteStoredFiles, deleteStoredPrefix, recordDir } from '../files/storage.ts';
import { extractUploads, fileNames, type Uploads, writeUploads } from '../files/uploads.ts';
import { generateFromPattern, newRecordId } from '../ids.ts';
import type { AuthInfo } from './auth-info.ts';
import { emptyRecord, recordFromRow } from './codec.ts';
import { findRecordById } from './find.ts';
import { asList } from './modifiers.ts';
import { deleteRow, persistRecord } from './persist.ts';
import type { RecordData } from './record.ts';
import { recordSecrets, type Secrets } from './secrets.ts';
import { collectionCached, collectionSql, quoteIdent } from './sql.ts';
import { columnItems, engineOf } from './sql-dialect.ts';
import { authFormErrors, validateRecord } from './validate.ts';

export interface InternalSaveOptions {
  isNew: boolean;
  /** Who caused the write (seen by hooks). */
  auth?: AuthInfo | null;
  /** false skips field validation, like PocketBase's SaveNoValidate (reference clean-up on delete). */
  validate?: boolean;
}

/**
 * A write may share its COMMIT with other waiting writes (write-queue.ts) when it is known to be
 * quick: no user hook runs inside its transaction and no file goes to storage there. A user hook
 * (an HTTP call, a long computation) or an upload would hold back the writes grouped with it.
 */
function grouping(quick: boolean, ...inside: { userBound: boolean }[]): { group: boolean } {
  return { group: quick && !inside.some((h) => h.userBound) };
}

export const CREATE_FAILED = 'Failed to create record.';
export const UPDATE_FAILED = 'Failed to update record.';

/** The collection, refusing views: they are read-only (collections-and-fields.md §3). */
export function writableCollection(core: Core, collection: Collection | string): Collection {
  const c = typeof collection === 'string' ? core.collections.require(collection) : collection;
  if (c.type === 'view') throw new BadRequestError('Unsupported collection type.');
  return c;
}

/**
 * For internal callers (CLI, auth flows, reference clean-up): no API rules, manager rights. A
 * password field holding something other than the stored hash is a new plain text password.
 */
export async function saveRecordInternal(
  core: Core,
  collection: Collection | string,
  record: Partial<RecordData> & Record<string, unknown>,
  options: InternalSaveOptions,
): Promise<RecordData> {
  const c = writableCollection(core, collection);
  const stored = options.isNew ? null : findRecordById(core, c, String(record.id ?? ''));
  if (!options.isNew && !stored) throw new NotFoundError();
  const secrets = await recordSecrets(c, record as RecordData, stored);
  const { body: values, uploads } = await extractUploads(c, record);
  return runSave(core, c, {
    isNew: options.isNew,
    id: stored?.id ?? null,
    auth: options.auth ?? null,
    isManager: true,
    validate: options.validate ?? true,
    secrets,
    uploads,
    build: (original) => {
      const base = original ? structuredClone(original) : emptyRecord(c);
      const merged = { ...base, ...values } as RecordData;
      // Passwords are applied from the hashes; anything else in those fields is the old value.
      for (const f of c.fields) if (f.type === 'password') merged[f.name] = base[f.name];
      merged.id = String(merged.id ?? '');
      return { record: merged, errors: {} };
    },
  });
}

export interface SavePlan {
  isNew: boolean;
  /** The stored record's id on update. */
  id: string | null;
  auth: AuthInfo | null;
  isManager: boolean;
  validate: boolean;
  secrets: Secrets;
  /** New files by generated name; only those the final record keeps are written. */
  uploads: Uploads;
  /**
   * Builds the would-be record from the stored one, inside the transaction (modifiers see fresh
   * values); may settle manager rights, which on create depend on the would-be record.
   */
  build(original: RecordData | null): {
    record: RecordData;
    errors: ErrorData;
    isManager?: boolean;
  };
}

export async function runSave(core: Core, c: Collection, plan: SavePlan): Promise<RecordData> {
  const hooks = core.hooks;
  let event: RecordEvent | null = null;
  let original: RecordData | null = null;
  try {
    // Grouped when quick: concurrent saves may share one COMMIT, each in its own savepoint.
    await core.store.writes.run(
      async () => {
        original = plan.id === null ? null : findRecordById(core, c, plan.id);
        if (plan.id !== null && !original) throw new NotFoundError();
        const { record, errors, isManager = plan.isManager } = plan.build(original);
        if (plan.validate) {
          const form = authFormErrors(c, record, original, isManager, plan.secrets.form);
          if (hasErrors(form))
            throw new ValidationError(plan.isNew ? CREATE_FAILED : UPDATE_FAILED, form);
        }
        const e: RecordEvent = {
          collection: c,
          record,
          original: original ?? undefined,
          auth: plan.auth,
        };
        event = e;
        const hook = plan.isNew ? hooks.onRecordCreate : hooks.onRecordUpdate;
        // PocketBase's order: onRecordCreate → onRecordValidate → onRecordCreateExecute (the write).
        await hook.trigger(e, async (ev) => {
          const submittedId = ev.record.id;
          const passwordChanged = await prepareForWrite(core, c, ev.record, original, plan.secrets);
          // An id this write generated (15 random characters) is not looked up: the primary key
          // still refuses the astronomically unlikely clash, as the same `validation_not_unique`.
          const generatedId = original || submittedId ? null : ev.record.id;
          if (plan.validate) {
            await hooks.onRecordValidate.trigger(ev, async (v) => {
              const all = await validateRecord(core, {
                collection: c,
                record: v.record,
                original,
                errors: { ...errors, ...plan.secrets.errors },
                passwordsProvided: plan.secrets.provided,
                uploads: plan.uploads,
                generatedId,
              });
              if (hasErrors(all))
                throw new ValidationError(plan.isNew ? CREATE_FAILED : UPDATE_FAILED, all);
            });
          }
          const execute = plan.isNew ? hooks.onRecordCreateExecute : hooks.onRecordUpdateExecute;
          await execute.trigger(ev, async (x) => {
            setAutodates(c, x.record, original);
            // Files before the row; if this write, or a batch around it, rolls back they go again.
            if (plan.uploads.size > 0) {
              const id = x.record.id;
              const written = await writeUploads(core, c, id, plan.uploads, fileNames(c, x.record));
              core.store.writes.onRollback(() => deleteStoredFiles(core, c.id, id, written));
            }
            persistRecord(core, c, x.record, original, plan.isNew ? CREATE_FAILED : UPDATE_FAILED);
            if (passwordChanged && original) await clearAuthSessions(core, c, x.record.id);
          });
        });
      },
      grouping(
        plan.uploads.size === 0,
        plan.isNew ? hooks.onRecordCreate : hooks.onRecordUpdate,
        hooks.onRecordValidate,
        plan.isNew ? hooks.onRecordCreateExecute : hooks.onRecordUpdateExecute,
      ),
    );
  } catch (error) {
    if (event) {
      const failed = plan.isNew ? hooks.onRecordAfterCreateError : hooks.onRecordAfterUpdateError;
      await failed.trigger({ ...(event as RecordEvent), error });
    }
    throw error;
  }
  const done = event as unknown as RecordEvent;
  const before = original as RecordData | null;
  if (before) {
    // Replaced and removed files go only once the write is durable (never before the commit).
    const kept = fileNames(c, done.record);
    const removed = [...fileNames(c, before)].filter((n) => !kept.has(n));
    if (removed.length > 0) {
      await afterSuccess(core, () => deleteStoredFiles(core, c.id, before.id, removed));
    }
  }
  const success = plan.isNew ? hooks.onRecordAfterCreateSuccess : hooks.onRecordAfterUpdateSuccess;
  const failed = plan.isNew ? hooks.onRecordAfterCreateError : hooks.onRecordAfterUpdateError;
  await afterSuccess(
    core,
    () => success.trigger(done),
    (error) => failed.trigger({ ...done, error }),
  );
  return done.record;
}

/**
 * Everything a write sets by itself: new password hashes, autogenerated values (id, tokenKey, …),
 * tokenKey rotation on password/e-mail change, `_superusers` always verified. Returns whether the
 * auth password changed.
 */
async function prepareForWrite(
  core: Core,
  c: Collection,
  record: RecordData,
  original: RecordData | null,
  secrets: Secrets,
): Promise<boolean> {
  for (const [name, hash] of secrets.hashes) record[name] = hash;
  if (!original) {
    for (const f of c.fields) {
      if (f.type !== 'text' || record[f.name]) continue;
      const pattern = String(f.autogeneratePattern ?? '');
      if (pattern) record[f.name] = safeGenerate(pattern);
    }
    if (!record.id) record.id = newRecordId();
  }
  if (c.type !== 'auth') return false;
  if (c.name === SUPERUSERS) record.verified = true;
  const passwordChanged = secrets.hashes.has('password');
  if (original && record.tokenKey === original.tokenKey) {
    const emailChanged = record.email !== original.email;
    const newlyVerified = !original.verified && record.verified === true;
    // Verifying drops OAuth2 links made before (anti pre-hijacking, collections-and-fields.md §6).
    const droppedLinks =
      newlyVerified && (await deleteAuthRows(core, c, record.id, ['_externalAuths'])) > 0;
    if (passwordChanged || emailChanged || droppedLinks) record.tokenKey = newTokenKey(c);
  }
  return passwordChanged;
}

function newTokenKey(c: Collection): string {
  const field = c.fields.find((f) => f.name === 'tokenKey');
  return (
    safeGenerate(String(field?.autogeneratePattern ?? '')) || generateFromPattern('[a-zA-Z0-9]{50}')
  );
}

/** A pattern the generator can't handle leaves the value empty, so validation reports it (no 500). */
function safeGenerate(pattern: string): string {
  if (!pattern) return '';
  try {
    return generateFromPattern(pattern);
  } catch {
    return '';
  }
}

function setAutodates(c: Collection, record: RecordData, original: RecordData | null): void {
  const now = nowDate();
  for (const f of c.fields) {
    if (f.type !== 'autodate') continue;
    if (!original) {
      // Internal callers (imports) may carry a date already; API bodies never set autodates.
      if (f.onCreate && !record[f.name]) record[f.name] = now;
    } else if (f.onUpdate && record[f.name] === original[f.name]) {
      record[f.name] = now;
    }
  }
}

/** A new password ends MFA sessions and known login origins (collections-and-fields.md §6). */
async function clearAuthSessions(core: Core, c: Collection, recordId: string): Promise<void> {
  await deleteAuthRows(core, c, recordId, ['_mfas', '_authOrigins']);
}

export const REQUIRED_REFERENCE =
  'Failed to delete record. Make sure that the record is not part of a required relation reference.';

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
    await core.store.writes.run(
      async () => {
        await hooks.onRecordDelete.trigger(event, async (e) => {
          if (c.name === SUPERUSERS && countRows(core, c) <= 1)
            throw new BadRequestError("You can't delete the only existing superuser.");
          await hooks.onRecordDeleteExecute.trigger(e, async (x) => {
            // Row first, references after: an A↔B cycle then finds A gone and stops (as PocketBase).
            if (deleteRow(core, c, x.record.id) === 0) throw new NotFoundError();
            if (c.type === 'auth')
              await deleteAuthRows(core, c, x.record.id, [
                '_externalAuths',
                '_mfas',
                '_otps',
                '_authOrigins',
              ]);
            await releaseReferences(core, c, x.record, options.auth ?? null);
          });
        });
      },
      grouping(true, hooks.onRecordDelete, hooks.onRecordDeleteExecute),
    );
  } catch (error) {
    await hooks.onRecordAfterDeleteError.trigger({ ...event, error });
    throw error;
  }
  // The record's files (and thumbs) go once the delete is durable: inside a cascade or a batch, at
  // the outermost commit; dropped if that rolls back.
  if (c.fields.some((f) => f.type === 'file')) {
    await afterSuccess(core, () => deleteStoredPrefix(core, recordDir(c.id, record.id)));
  }
  await afterSuccess(
    core,
    () => hooks.onRecordAfterDeleteSuccess.trigger(event),
    (error) => hooks.onRecordAfterDeleteError.trigger({ ...event, error }),
  );
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
        ? engineOf(core) === 'postgres'
          ? `SELECT * FROM ${t} WHERE EXISTS (SELECT 1 FROM ${columnItems('postgres', col, 'je')} WHERE je.value = ?)`
          : `SELECT * FROM ${t} WHERE EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(${col}) THEN ${col} ELSE json_array(${col}) END) AS je WHERE je.value = ?)`
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
