// request-email-change / confirm-email-change (http-api.md §3.16, auth.md §6).
import type { Core } from '../../core.ts';
import { BadRequestError, fieldError, NotFoundError } from '../../errors.ts';
import { verifyPassword } from '../../fields/password-hash.ts';
import type { AuthInfo } from '../../records/auth-info.ts';
import { saveRecordInternal } from '../../records/save.ts';
import {
  refuseSuperusers,
  requireAuthCollection,
  requireSameCollectionAuth,
} from '../auth-collection.ts';
import {
  emailError,
  findAuthRecordByEmail,
  formString,
  required,
  throwIfErrors,
  verifyConfirmToken,
} from '../auth-form.ts';
import { decodeClaims, signRecordToken } from '../tokens/tokens.ts';
import { sendAuthMail } from './auth-mail.ts';

const CHANGE_DIRECTLY = 'All superusers can change their emails directly.';

function emailTaken(core: Core, collectionId: string, email: string, exceptId = ''): boolean {
  const other = findAuthRecordByEmail(core, core.collections.require(collectionId), email);
  return other !== null && other.id !== exceptId;
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
  const token = await signRecordToken('emailChange', collection, record, {
    email: String(record.email ?? ''),
    newEmail,
  });
  try {
    await sendAuthMail(core, {
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
  throwIfErrors({
    ...(token ? {} : { token: required() }),
    ...(password ? {} : { password: required() }),
  });
  const claims = decodeClaims(token);
  const newEmail = claims?.newEmail;
  if (typeof newEmail !== 'string' || !newEmail || typeof claims?.email !== 'string') {
    throwIfErrors({
      token: fieldError(
        'validation_invalid_token_payload',
        'Invalid token payload - newEmail and email must be set.',
      ),
    });
  }
  const { record } = await verifyConfirmToken(core, token, 'emailChange', collection);
  if (emailTaken(core, collection.id, newEmail as string, record.id)) {
    throwIfErrors({
      token: fieldError(
        'validation_invalid_token_email',
        'The new email address is already registered.',
      ),
    });
  }
  if (!(await verifyPassword(password, String(record.password ?? '')))) {
    throwIfErrors({
      password: fieldError(
        'validation_invalid_password',
        'Missing or invalid auth record password.',
      ),
    });
  }
  // A new e-mail rotates tokenKey (save.ts): this token and every session of the record end.
  await saveRecordInternal(
    core,
    collection,
    { id: record.id, email: newEmail, verified: true },
    { isNew: false },
  );
}
