// Password fields of a write: the auth form rules (password/passwordConfirm/oldPassword) and hashing,
// done before the write transaction because bcrypt is slow and must not hold the writer.

import type { Collection, Field } from '../collections/model.ts';
import {
  type ErrorData,
  type FieldError,
  fieldError,
  hasErrors,
  isFieldError,
  SatchelError,
} from '../errors.ts';
import { getFieldKind } from '../fields/index.ts';
import { hashPassword, verifyPassword } from '../fields/password-hash.ts';
import type { RecordData } from './record.ts';

export interface Secrets {
  /** New bcrypt hashes by field name. */
  hashes: Map<string, string>;
  /** Password fields that received a plain value (hashed or not), so "required" isn't reported twice. */
  provided: Set<string>;
  /** The auth form's errors (password, passwordConfirm, oldPassword): PocketBase reports them alone. */
  form: ErrorData;
  /** The new passwords' own field errors (length, pattern). */
  errors: ErrorData;
}

const REQUIRED = () => fieldError('validation_required', 'Cannot be blank.');
const MISMATCH = () => fieldError('validation_values_mismatch', "Values don't match.");

export interface BodySecretsInput {
  collection: Collection;
  body: Record<string, unknown>;
  isNew: boolean;
  /** The stored record (update), for `oldPassword`. */
  original: RecordData | null;
  /** Superusers and manageRule matches change passwords without `oldPassword`. */
  isManager: boolean;
  /** Superusers may set hidden password fields other than the auth `password`. */
  allowHidden: boolean;
}

/** From a request body: auth form checks (http-api.md §3.3/§3.4), then validate and hash each new password. */
export async function bodySecrets(input: BodySecretsInput): Promise<Secrets> {
  const { collection, body, isNew, original } = input;
  const errors: ErrorData = {};
  const plains = new Map<string, string>();
  for (const f of collection.fields) {
    if (f.type !== 'password') continue;
    const isAuthPassword = collection.type === 'auth' && f.name === 'password';
    if (f.hidden && !isAuthPassword && !input.allowHidden) continue;
    const plain = text(body[f.name]);
    if (plain) plains.set(f.name, plain);
    if (!isAuthPassword) continue;
    const confirm = text(body.passwordConfirm);
    const old = text(body.oldPassword);
    if ((isNew || confirm || old) && !plain) errors.password = REQUIRED();
    if ((isNew || plain || old) && !confirm) errors.passwordConfirm = REQUIRED();
    else if (plain && confirm !== plain) errors.passwordConfirm = MISMATCH();
    if (!isNew && !input.isManager && (plain || confirm)) {
      if (!old) errors.oldPassword = REQUIRED();
      else if (!(await verifyPassword(old, String(original?.password ?? ''))))
        errors.oldPassword = fieldError(
          'validation_invalid_old_password',
          'Missing or invalid old password.',
        );
    }
  }
  // The form already failed: the write will too, so don't spend bcrypt time on it.
  if (hasErrors(errors))
    return { hashes: new Map(), provided: new Set(plains.keys()), form: errors, errors: {} };
  return hashAll(collection, plains, isNew, original);
}

/**
 * From an internal caller's record: a password field whose value differs from the stored hash holds
 * a new plain text password; an empty value keeps the stored hash.
 */
export async function recordSecrets(
  collection: Collection,
  record: RecordData,
  original: RecordData | null,
): Promise<Secrets> {
  const plains = new Map<string, string>();
  for (const f of collection.fields) {
    if (f.type !== 'password') continue;
    const value = text(record[f.name]);
    const stored = text(original?.[f.name]);
    if (value && value !== stored) plains.set(f.name, value);
  }
  return hashAll(collection, plains, original === null, original);
}

async function hashAll(
  collection: Collection,
  plains: Map<string, string>,
  isNew: boolean,
  original: RecordData | null,
): Promise<Secrets> {
  const hashes = new Map<string, string>();
  const provided = new Set(plains.keys());
  const errors: ErrorData = {};
  await Promise.all(
    [...plains].map(async ([name, plain]) => {
      const field = collection.fields.find((f) => f.name === name)!;
      const err = await validatePlain(collection, field, plain, isNew, original);
      if (err) {
        errors[name] ??= err;
        return;
      }
      try {
        hashes.set(name, await hashPassword(plain, Number(field.cost) || 0));
      } catch (e) {
        if (!(e instanceof SatchelError)) throw e;
        const item = e.data.password;
        errors[name] ??= isFieldError(item)
          ? item
          : fieldError('validation_invalid_value', 'Invalid value.');
      }
    }),
  );
  return { hashes, provided, form: {}, errors };
}

/** The password kind validates the plain text (length, pattern); the stored value is only ever a hash. */
async function validatePlain(
  collection: Collection,
  field: Field,
  plain: string,
  isNew: boolean,
  original: RecordData | null,
): Promise<FieldError | null> {
  const kind = getFieldKind(field.type);
  if (!kind) return null;
  return kind.validate(plain, field, { collection, isNew, original: original?.[field.name] });
}

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : String(v);
}
