// request-email-change / confirm-email-change (http-api.md §3.16, auth.md §6).

import type { Collection } from '../../collections/model.ts';
import type { Core } from '../../core.ts';
import {
  BadRequestError,
  type FieldError,
  fieldError,
  isFieldError,
  NotFoundError,
  ValidationError,
} from '../../errors.ts';
import { verifyPassword } from '../../fields/password-hash.ts';
import type { AuthInfo } from '../../records/auth-info.ts';
import type { RecordData } from '../../records/record.ts';
import { saveRecordInternal } from '../../records/save.ts';
import {
  refuseSuperusers,
  requireAuthCollection,
  requireSameCollectionAuth,
} from '../auth-collection.ts';
import {
  checkConfirmToken,
  emailError,
  findAuthRecordByEmail,
  formString,
  lengthOutOfRange,
  required,
  throwIfErrors,
  VALIDATION_FAILED,
} from '../auth-form.ts';
import { decodeClaims, signRecordToken } from '../tokens/tokens.ts';
import { sendAuthMail } from './auth-mail.ts';

const CHANGE_DIRECTLY = 'All superusers can change their emails directly.';

function emailTaken(core: Core, collectionId: string, email: string, exceptId = ''): boolean {
  const other = findAuthRecordByEmail(core, core.collections.require(collectionId), email);
  return other !== null && other.id !== exceptId;
}

/** The record and new e-mail of an email-change token, or PocketBase's `token` field error. */
async function parseEmailChangeToken(
  core: Core,
  token: string,
  collection: Collection,
): Promise<{ record: RecordData; newEmail: string } | FieldError> {
  const newEmail = decodeClaims(token)?.newEmail;
  if (typeof newEmail !== 'string' || !newEmail)
    return fieldError(
      'validation_invalid_token_payload',
      'Invalid token payload - newEmail must be set.',
    );
  const checked = await checkConfirmToken(core, token, 'emailChange', collection);
  if (isFieldError(checked)) return checked;
  if (emailTaken(core, collection.id, newEmail, checked.record.id))
    return fieldError('validation_invalid_token_email', 'The new email address is invalid.');
  return { record: checked.record, newEmail };
}

/** Sends the confirmation to the new address and waits for it: a failure is a 400 (auth.md §6). */
export async function requestEmailChange(
  core: Core,
  input: { collection: string; body: Record<string, unknown>; requester: AuthInfo | null },
): Promise<void> {
  const collection = core.collections.find(input.collection);
  if (!collection) throw new NotFoundError('Missing or invalid collection context.');
  const auth = requireSameCollectionAuth(input.requester, collection);
  requireAuthCollection(core, input.collection);
  refuseSuperusers(collection, CHANGE_DIRECTLY);
  const record = auth.record;
  const newEmail = formString(input.body, 'newEmail');
  let err = emailError(newEmail);
  if (!err && newEmail === record.email) {
    err = fieldError('validation_not_in_invalid', 'Must be a valid value.');
  }
  if (!err && emailTaken(core, collection.id, newEmail)) {
    err = fieldError('validation_invalid_new_email', 'Invalid new email address.');
  }
  throwIfErrors(err ? { newEmail: err } : {});
  const token = signRecordToken('emailChange', collection, record, {
    email: String(record.email ?? ''),
    newEmail,
  });
  try {
    await sendAuthMail(core, {
      kind: 'emailChange',
      collection,
      record,
      template: collection.auth!.confirmEmailChangeTemplate,
      to: newEmail,
      token,
    });
  } catch (e) {
    console.error('mail: failed to send the e-mail change confirmation:', e);
    throw new BadRequestError('Failed to request email change.');
  }
}

export async function confirmEmailChange(
  core: Core,
  input: { collection: string; body: Record<string, unknown> },
): Promise<void> {
  const collection = requireAuthCollection(core, input.collection);
  // auth.md §6: the confirm step is refused for superusers too, not only the request step.
  refuseSuperusers(collection, CHANGE_DIRECTLY);
  const token = formString(input.body, 'token');
  const password = formString(input.body, 'password');
  // PocketBase validates both fields together: a bad token and a wrong password are both
  // reported, and without a usable token no password is right.
  const parsed = token ? await parseEmailChangeToken(core, token, collection) : required();
  const record = isFieldError(parsed) ? null : parsed.record;
  let passwordError: FieldError | null = null;
  if (!password) passwordError = required();
  else if ([...password].length > 100) passwordError = lengthOutOfRange(1, 100);
  else if (!record || !(await verifyPassword(password, String(record.password ?? ''))))
    passwordError = fieldError(
      'validation_invalid_password',
      'Missing or invalid auth record password.',
    );
  if (isFieldError(parsed) || passwordError)
    throw new ValidationError(VALIDATION_FAILED, {
      ...(isFieldError(parsed) ? { token: parsed } : {}),
      ...(passwordError ? { password: passwordError } : {}),
    });
  // A new e-mail rotates tokenKey (save.ts): this token and every session of the record end.
  await saveRecordInternal(
    core,
    collection,
    { id: parsed.record.id, email: parsed.newEmail, verified: true },
    { isNew: false },
  );
}
