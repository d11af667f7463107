// request-password-reset / confirm-password-reset (http-api.md §3.15, auth.md §6).
import type { Core } from '../../core.ts';
import {
  BadRequestError,
  type ErrorData,
  fieldError,
  hasErrors,
  isFieldError,
  ValidationError,
} from '../../errors.ts';
import { saveRecordInternal } from '../../records/save.ts';
import { requireAuthCollection } from '../auth-collection.ts';
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
import { INSTALLER_EMAIL } from '../superusers.ts';
import { signRecordToken } from '../tokens/tokens.ts';
import { sendAuthMailInBackground } from './auth-mail.ts';
import { takeMailSlot } from './mail-throttle.ts';

const MAX_PASSWORD = 255;

/** 204 for every well-formed e-mail; the mail (at most one per record per 2 min) goes out in the background. */
export async function requestPasswordReset(
  core: Core,
  input: { collection: string; body: Record<string, unknown> },
): Promise<{ sent: Promise<void> | null }> {
  const collection = requireAuthCollection(core, input.collection);
  if (!collection.auth!.passwordAuth.enabled) {
    throw new BadRequestError('The collection is not configured to allow password authentication.');
  }
  const email = formString(input.body, 'email');
  const err = emailError(email);
  throwIfErrors(err ? { email: err } : {});
  const record = findAuthRecordByEmail(core, collection, email);
  // The installer placeholder is only reachable through its install link (auth.md §9).
  if (!record || email === INSTALLER_EMAIL) return { sent: null };
  if (!takeMailSlot(core.counters, 'passwordReset', collection.id, record.id))
    return { sent: null };
  const token = signRecordToken('passwordReset', collection, record, { email });
  const sent = sendAuthMailInBackground(core, {
    kind: 'passwordReset',
    collection,
    record,
    template: collection.auth!.resetPasswordTemplate,
    token,
  });
  return { sent };
}

export async function confirmPasswordReset(
  core: Core,
  input: { collection: string; body: Record<string, unknown> },
): Promise<void> {
  const collection = requireAuthCollection(core, input.collection);
  const token = formString(input.body, 'token');
  const password = formString(input.body, 'password');
  const confirm = formString(input.body, 'passwordConfirm');
  const field = collection.fields.find((f) => f.name === 'password');
  const min = Math.max(1, Number(field?.min) || 0);

  // PocketBase validates the three fields together: a bad token and a short password are both
  // reported (confirm-password-reset in http-api.md §3.15).
  const errors: ErrorData = {};
  const checked = token
    ? await checkConfirmToken(core, token, 'passwordReset', collection)
    : required();
  if (isFieldError(checked)) errors.token = checked;
  if (!password) errors.password = required();
  else if ([...password].length < min || [...password].length > MAX_PASSWORD)
    errors.password = lengthOutOfRange(min, MAX_PASSWORD);
  if (!confirm) errors.passwordConfirm = required();
  else if (confirm !== password)
    errors.passwordConfirm = fieldError('validation_values_mismatch', "Values don't match.");
  if (isFieldError(checked) || hasErrors(errors))
    throw new ValidationError(VALIDATION_FAILED, errors);

  const { record, claims } = checked;
  const update: Record<string, unknown> = { id: record.id, password };
  // The mail reached the address the record still has: that proves it (auth.md §6).
  if (claims.email === record.email) update.verified = true;
  try {
    // The new hash rotates tokenKey: the reset token and every session of the record die here.
    await saveRecordInternal(core, collection, update, { isNew: false });
  } catch (err) {
    // The password field's own validators (pattern, min) report under the form's message.
    if (err instanceof ValidationError) throw new ValidationError(VALIDATION_FAILED, err.data);
    throw err;
  }
}
