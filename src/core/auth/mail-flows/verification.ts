// request-verification / confirm-verification (http-api.md §3.14, auth.md §6).
import type { Core } from '../../core.ts';
import { fieldError } from '../../errors.ts';
import { randomString } from '../../ids.ts';
import { saveRecordInternal } from '../../records/save.ts';
import { refuseSuperusers, requireAuthCollection } from '../auth-collection.ts';
import {
  emailError,
  findAuthRecordByEmail,
  formString,
  required,
  throwIfErrors,
  verifyConfirmToken,
} from '../auth-form.ts';
import { decodeClaims, signRecordToken } from '../tokens/tokens.ts';
import { sendAuthMailInBackground } from './auth-mail.ts';
import { takeMailSlot } from './mail-throttle.ts';

const ALL_VERIFIED = 'All superusers are verified by default.';

/**
 * Always resolves for a well-formed e-mail: unknown, already verified and throttled all look the
 * same (no enumeration). The mail goes out in the background; `sent` resolves when it is done.
 */
export async function requestVerification(
  core: Core,
  input: { collection: string; body: Record<string, unknown> },
): Promise<{ sent: Promise<void> | null }> {
  const collection = requireAuthCollection(core, input.collection);
  refuseSuperusers(collection, ALL_VERIFIED);
  const email = formString(input.body, 'email');
  const err = emailError(email);
  throwIfErrors(err ? { email: err } : {});
  const record = findAuthRecordByEmail(core, collection, email);
  if (!record || record.verified === true) return { sent: null };
  if (!takeMailSlot(core.counters, 'verification', collection.id, record.id)) return { sent: null };
  const token = signRecordToken('verification', collection, record, { email });
  const sent = sendAuthMailInBackground(core, {
    kind: 'verification',
    collection,
    record,
    template: collection.auth!.verificationTemplate,
    token,
  });
  return { sent };
}

export async function confirmVerification(
  core: Core,
  input: { collection: string; body: Record<string, unknown> },
): Promise<void> {
  const collection = requireAuthCollection(core, input.collection);
  // auth.md §6: not for superusers, whatever token is presented (they are verified by default).
  refuseSuperusers(collection, ALL_VERIFIED);
  const token = formString(input.body, 'token');
  if (!token) throwIfErrors({ token: required() });
  const email = decodeClaims(token)?.email;
  if (typeof email !== 'string' || email === '') {
    throwIfErrors({
      token: fieldError('validation_invalid_token_claims', 'Missing email token claim.'),
    });
  }
  const { record } = await verifyConfirmToken(core, token, 'verification', collection);
  if (record.email !== email) {
    throwIfErrors({
      token: fieldError(
        'validation_token_email_mismatch',
        "The record email doesn't match with the requested token claims.",
      ),
    });
  }
  if (record.verified === true) return;
  const update: Record<string, unknown> = { id: record.id, verified: true };
  // Without password auth nobody may know a password set before verification (auth.md §6).
  if (!collection.auth!.passwordAuth.enabled) update.password = randomString(30);
  await saveRecordInternal(core, collection, update, { isNew: false });
}
