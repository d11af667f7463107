// Validates a would-be record: every field's kind, relation existence, file names, id rules, auth
// restrictions and UNIQUE indexes, collected into one ErrorData (collections-and-fields.md §4.4).
import type { Collection, Field } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { readConn } from '../core.ts';
import { type ErrorData, type FieldError, fieldError } from '../errors.ts';
import { checkKeptFilenames, checkUpload } from '../fields/file.ts';
import { type FieldKind, getFieldKind, type ValueContext } from '../fields/index.ts';
import { missingRelCollectionError, missingRelRecordsError } from '../fields/relation.ts';
import type { Uploads } from '../files/uploads.ts';
import { countExistingIds, findRecordById } from './find.ts';
import { asList } from './modifiers.ts';
import type { RecordData } from './record.ts';
import { collectionSql } from './sql.ts';
import { collatedEquals, engineOf } from './sql-dialect.ts';
import { checkUnique } from './unique.ts';

export interface ValidateInput {
  collection: Collection;
  record: RecordData;
  original: RecordData | null;
  /** Errors found earlier (body reading, passwords); they win over later checks of the same field. */
  errors: ErrorData;
  /** Password fields given a new plain value in this write. */
  passwordsProvided: Set<string>;
  /** Files uploaded in this write, by generated name (http-api.md §3.6). */
  uploads?: Uploads;
  /** The id the write generated for a new record (not submitted): no uniqueness lookup. */
  generatedId?: string | null;
}

const MISMATCH = () => fieldError('validation_values_mismatch', "Values don't match.");

/**
 * PocketBase's auth record form (forms/record_upsert.go), checked before any field: e-mail and
 * verified unchanged unless a manager, plus the password form's errors. When any fails, PocketBase
 * answers those alone (a bad e-mail next to mismatched passwords reports only the passwords).
 */
export function authFormErrors(
  collection: Collection,
  record: RecordData,
  original: RecordData | null,
  isManager: boolean,
  passwordForm: ErrorData,
): ErrorData {
  const errors: ErrorData = { ...passwordForm };
  if (collection.type !== 'auth' || isManager) return errors;
  if (original && record.email !== original.email) errors.email = MISMATCH();
  if (Boolean(record.verified) !== Boolean(original?.verified ?? false))
    errors.verified = MISMATCH();
  return errors;
}

export async function validateRecord(core: Core, input: ValidateInput): Promise<ErrorData> {
  const { collection, record, original } = input;
  const errors: ErrorData = { ...input.errors };
  for (const field of collection.fields) {
    if (errors[field.name]) continue;
    // Field checks are synchronous so far: awaited only when one returns a promise.
    let err = validateField(core, input, field);
    if (err instanceof Promise) err = await err;
    if (err) errors[field.name] = err;
  }
  if (!errors.id) {
    // An id this write generated needs no lookup: the primary key refuses a clash (as
    // validation_not_unique). Not with a custom pattern: those ids are compared ignoring case.
    const err =
      collection.type !== 'auth' &&
      input.generatedId &&
      record.id === input.generatedId &&
      exactIdCheck(collection)
        ? null
        : validateId(core, collection, record, original);
    if (err) errors.id = err;
  }
  const unique = checkUnique(core, collection, record, original?.id ?? record.id);
  for (const [name, err] of Object.entries(unique)) errors[name] ??= err;
  return errors;
}

function validateField(
  core: Core,
  input: ValidateInput,
  field: Field,
): FieldError | null | Promise<FieldError | null> {
  const { collection, record, original, passwordsProvided } = input;
  const value = record[field.name];
  if (field.type === 'autodate') return null;
  if (field.type === 'password') {
    // The plain text was validated before hashing; what's left is "is there a password at all".
    const missing = !value && !passwordsProvided.has(field.name);
    return field.required && missing ? fieldError('validation_required', 'Cannot be blank.') : null;
  }
  const kind = getFieldKind(field.type);
  if (!kind) return null;
  const context = { collection, isNew: original === null, original: original?.[field.name] };
  if (field.type === 'file') return validateFileField(input, field, kind, context);
  const err = kind.validate(value, field, context);
  if (err instanceof Promise) {
    return err.then((e) =>
      e || field.type !== 'relation' ? e : validateRelationTargets(core, field, value),
    );
  }
  if (err) return err;
  if (field.type === 'relation') return validateRelationTargets(core, field, value);
  return null;
}

async function validateFileField(
  { record, original, uploads }: ValidateInput,
  field: Field,
  kind: FieldKind,
  context: ValueContext,
): Promise<FieldError | null> {
  const value = record[field.name];
  // PocketBase's order: required, names that aren't the record's, the count, then each new
  // file's size and type.
  const names = asList(value);
  const fresh = names.flatMap((n) => {
    const u = uploads?.get(n);
    return u && u.field === field.name ? [u] : [];
  });
  const freshNames = new Set(fresh.map((u) => u.name));
  const kept = names.filter((n) => !freshNames.has(n));
  if (names.length > 0) {
    const err = checkKeptFilenames(kept, original?.[field.name]);
    if (err) return err;
  }
  const countErr = await kind.validate(value, field, context);
  if (countErr) return countErr;
  for (const u of fresh) {
    const uploadErr = checkUpload(field, u);
    if (uploadErr) return uploadErr;
  }
  return null;
}

/** Relation ids must exist in the target collection, whatever its API rules say. */
function validateRelationTargets(core: Core, field: Field, value: unknown): FieldError | null {
  const ids = [...new Set(asList(value))];
  if (ids.length === 0) return null;
  const target = core.collections.find(String(field.collectionId ?? ''));
  if (!target) return missingRelCollectionError();
  const found =
    ids.length === 1 ? idExists(core, target, ids[0]!) : countExistingIds(core, target, ids);
  if (Number(found) !== ids.length) return missingRelRecordsError();
  return null;
}

/** One relation id (the usual case): a primary key lookup rather than a JSON array of ids. */
function idExists(core: Core, target: Collection, id: string): boolean {
  const sql = collectionSql(
    core,
    target,
    'idExists',
    (t) => `SELECT 1 AS hit FROM ${t} WHERE "id" = ? LIMIT 1`,
  );
  return readConn(core).get(sql, [id]) !== null;
}

const DEFAULT_ID_PATTERN = '^[a-z0-9]+$';

/** Lower-case ids (the default pattern) are unique as they are; others also ignoring case. */
function exactIdCheck(collection: Collection): boolean {
  const pattern = String(
    collection.fields.find((f) => f.name === 'id')?.pattern ?? DEFAULT_ID_PATTERN,
  );
  return pattern === DEFAULT_ID_PATTERN || pattern === '';
}

/** Primary key rules beyond the text field's own: immutable, unique, unique across auth collections. */
function validateId(
  core: Core,
  collection: Collection,
  record: RecordData,
  original: RecordData | null,
): FieldError | null {
  if (original) {
    return record.id !== original.id
      ? fieldError('validation_pk_change', 'The record primary key cannot be changed.')
      : null;
  }
  const taken = exactIdCheck(collection)
    ? findRecordById(core, collection, record.id) !== null
    : idTakenIgnoringCase(core, collection, record.id);
  if (taken) return fieldError('validation_not_unique', 'Value must be unique.');
  if (collection.type === 'auth') {
    for (const other of core.collections.all()) {
      if (other.type !== 'auth' || other.id === collection.id) continue;
      if (findRecordById(core, other, record.id))
        return fieldError('validation_invalid_auth_id', 'Invalid or duplicated auth record id.');
    }
  }
  return null;
}

/** Custom id patterns may allow upper case; ids must still be unique case-insensitively (file paths). */
function idTakenIgnoringCase(core: Core, collection: Collection, id: string): boolean {
  const sql = collectionSql(
    core,
    collection,
    'idNoCase',
    (t) =>
      `SELECT 1 AS hit FROM ${t} WHERE ${collatedEquals(engineOf(core), '"id"', 'NOCASE')} LIMIT 1`,
  );
  return readConn(core).get(sql, [id]) !== null;
}
