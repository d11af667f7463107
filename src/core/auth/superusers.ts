// Superuser management shared by the CLI and the server (http-api.md §13, auth.md §9).
import { type Collection, SUPERUSERS } from '../collections/model.ts';
import { type Core, readConn } from '../core.ts';
import { type ErrorData, fieldError, NotFoundError, ValidationError } from '../errors.ts';
import { passwordTooLong } from '../fields/password-hash.ts';
import { findFirstByField } from '../records/find.ts';
import type { RecordData } from '../records/record.ts';
import { deleteRecordInternal, saveRecordInternal } from '../records/save.ts';
import { isEmail } from '../settings/formats.ts';

/** PocketBase's first-run placeholder; any real superuser replaces it. */
export const INSTALLER_EMAIL = '__pbinstaller@example.com';

export function countSuperusers(core: Core): number {
  try {
    const row = readConn(core).get<{ n: number }>(
      'SELECT COUNT(*) AS n FROM _superusers WHERE email != ?',
      [INSTALLER_EMAIL],
    );
    return row?.n ?? 0;
  } catch {
    return 0;
  }
}

function superusersCollection(core: Core): Collection {
  const c = core.collections.find(SUPERUSERS);
  if (!c) throw new NotFoundError('Missing the _superusers collection.');
  return c;
}

/** The password field's own limits (min 8, max 71 by default), plus bcrypt's 72-byte cap. */
function validateCredentials(collection: Collection, email: string, password?: string): void {
  const errors: ErrorData = {};
  if (!email) errors.email = fieldError('validation_required', 'Cannot be blank.');
  else if (!isEmail(email))
    errors.email = fieldError('validation_is_email', 'Must be a valid email address.');
  if (password !== undefined) {
    const field = collection.fields.find((f) => f.name === 'password');
    const min = typeof field?.min === 'number' && field.min > 0 ? field.min : 8;
    const max = typeof field?.max === 'number' && field.max > 0 ? field.max : 71;
    const runes = [...password].length;
    if (!password) errors.password = fieldError('validation_required', 'Cannot be blank.');
    else if (runes < min)
      errors.password = fieldError(
        'validation_min_text_constraint',
        `Must be at least ${min} character(s).`,
        { min },
      );
    else if (runes > max || passwordTooLong(password))
      errors.password = fieldError(
        'validation_max_text_constraint',
        `Must be less than ${max} character(s).`,
        { max },
      );
  }
  if (Object.keys(errors).length > 0) {
    throw new ValidationError('Failed to save the superuser.', errors);
  }
}

export function findSuperuserByEmail(core: Core, email: string): RecordData | null {
  return findFirstByField(core, superusersCollection(core), 'email', email);
}

// Writes go through the records pipeline: hashing, tokenKey rotation, hooks, `verified = true`.

async function insertSuperuser(core: Core, email: string, password: string): Promise<RecordData> {
  const c = superusersCollection(core);
  const record = await saveRecordInternal(core, c, { email, password }, { isNew: true });
  // Creating a real superuser retires the installer placeholder (auth.md §9).
  const installer = email === INSTALLER_EMAIL ? null : findSuperuserByEmail(core, INSTALLER_EMAIL);
  if (installer) await deleteRecordInternal(core, c, installer);
  return record;
}

/** A new password rotates the tokenKey, so every token of that superuser dies (auth.md §1.3). */
async function setPassword(core: Core, existing: RecordData, password: string): Promise<void> {
  await saveRecordInternal(
    core,
    superusersCollection(core),
    { id: existing.id, password },
    { isNew: false },
  );
}

export async function createSuperuser(
  core: Core,
  email: string,
  password: string,
): Promise<RecordData> {
  validateCredentials(superusersCollection(core), email, password);
  return insertSuperuser(core, email, password);
}

/** Changes the password of an existing superuser; 404 when the email is unknown. */
export async function updateSuperuserPassword(
  core: Core,
  email: string,
  password: string,
): Promise<void> {
  validateCredentials(superusersCollection(core), email, password);
  const existing = findSuperuserByEmail(core, email);
  if (!existing) throw new NotFoundError(`Superuser with email "${email}" doesn't exist.`);
  await setPassword(core, existing, password);
}

/** Creates the superuser, or sets its password when the email exists. */
export async function upsertSuperuser(core: Core, email: string, password: string): Promise<void> {
  validateCredentials(superusersCollection(core), email, password);
  const existing = findSuperuserByEmail(core, email);
  if (existing) await setPassword(core, existing, password);
  else await insertSuperuser(core, email, password);
}

/** Returns false when no such superuser exists; the pipeline refuses to delete the last one. */
export async function deleteSuperuser(core: Core, email: string): Promise<boolean> {
  validateCredentials(superusersCollection(core), email);
  const existing = findSuperuserByEmail(core, email);
  if (!existing) return false;
  await deleteRecordInternal(core, superusersCollection(core), existing);
  return true;
}
