// Reading and checking the small JSON forms of the auth endpoints (PocketBase's field error codes).
import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import {
  BadRequestError,
  type ErrorData,
  type FieldError,
  fieldError,
  hasErrors,
  isFieldError,
  ValidationError,
} from '../errors.ts';
import type { RecordData } from '../records/record.ts';
import { isEmail } from '../settings/formats.ts';
import { findRecordByEmail } from './password/identity.ts';
import { type TokenType, type VerifiedToken, verifyRecordToken } from './tokens/tokens.ts';

export const VALIDATION_FAILED = 'An error occurred while validating the submitted data.';

/** A string value of the body; absent → ''; any other type → 400 (as PocketBase's JSON binding). */
export function formString(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') {
    throw new BadRequestError('An error occurred while loading the submitted data.');
  }
  return v;
}

export const required = (): FieldError => fieldError('validation_required', 'Cannot be blank.');

export function lengthOutOfRange(min: number, max: number): FieldError {
  return fieldError(
    'validation_length_out_of_range',
    `The length must be between ${min} and ${max}.`,
    { min, max },
  );
}

/** required, ≤ 255, e-mail shaped; null when fine. */
export function emailError(value: string): FieldError | null {
  if (value === '') return required();
  if (value.length > 255) return lengthOutOfRange(1, 255);
  if (!isEmail(value)) return fieldError('validation_is_email', 'Must be a valid email address.');
  return null;
}

export function throwIfErrors(errors: ErrorData): void {
  if (hasErrors(errors)) throw new ValidationError(VALIDATION_FAILED, errors);
}

/** The auth record with exactly this e-mail (the default e-mail index is case-sensitive, auth.md §3). */
export function findAuthRecordByEmail(
  core: Core,
  collection: Collection,
  email: string,
): RecordData | null {
  return findRecordByEmail(core, collection, email);
}

/**
 * The token of a confirm-* endpoint: valid, of `type`, and for this collection; otherwise the
 * `token` field error (`validation_invalid_token` / `validation_token_collection_mismatch`), for
 * forms that report it next to their other fields' errors, as PocketBase's do.
 */
export async function checkConfirmToken(
  core: Core,
  token: string,
  type: TokenType,
  collection: Collection,
): Promise<VerifiedToken | FieldError> {
  const verified = verifyRecordToken(core, token, [type]);
  if (!verified) return fieldError('validation_invalid_token', 'Invalid or expired token.');
  if (verified.collection.id !== collection.id)
    return fieldError(
      'validation_token_collection_mismatch',
      'The provided token is for different auth collection.',
    );
  return verified;
}

/** {@link checkConfirmToken}, its field error thrown. */
export async function verifyConfirmToken(
  core: Core,
  token: string,
  type: TokenType,
  collection: Collection,
): Promise<VerifiedToken> {
  const checked = await checkConfirmToken(core, token, type, collection);
  if (isFieldError(checked)) throw new ValidationError(VALIDATION_FAILED, { token: checked });
  return checked;
}
