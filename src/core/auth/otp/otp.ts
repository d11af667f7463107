// request-otp / auth-with-otp (http-api.md §3.13, auth.md §5.1): e-mailed one-time codes in `_otps`.
import type { Collection } from '../../collections/model.ts';
import { OTPS } from '../../collections/system-collections.ts';
import type { Core } from '../../core.ts';
import { readConn } from '../../core.ts';
import { formatDate } from '../../dates.ts';
import { BadRequestError, ForbiddenError, TooManyRequestsError } from '../../errors.ts';
import { verifyPassword } from '../../fields/password-hash.ts';
import { randomString } from '../../ids.ts';
import { findRecordById } from '../../records/find.ts';
import type { RecordData } from '../../records/record.ts';
import { deleteRecordInternal, saveRecordInternal } from '../../records/save.ts';
import { engineOf, rowidColumn } from '../../records/sql-dialect.ts';
import { AttemptCounter } from '../attempts.ts';
import { requireAuthCollection } from '../auth-collection.ts';
import {
  emailError,
  findAuthRecordByEmail,
  formString,
  lengthOutOfRange,
  required,
  throwIfErrors,
} from '../auth-form.ts';
import { type AuthOutcome, type AuthRequestInput, buildAuthResponse } from '../auth-response.ts';
import { sendAuthMailInBackground } from '../mail-flows/auth-mail.ts';

const NOT_ENABLED = 'The collection is not configured to allow OTP authentication.';
const INVALID = 'Invalid or expired OTP.';
/** PocketBase reuses the newest OTP once a record has this many live ones (no new mail). */
const MAX_LIVE_OTPS = 10;

/** 5 attempts per (record, client IP) in a fixed 180 s window, always on (auth.md §5.1). */
const attempts = new AttemptCounter('otp', { max: 5, windowMs: 180_000 });

function otpsCollection(core: Core) {
  return core.collections.require(OTPS);
}

function randomDigits(length: number): string {
  return randomString(Math.max(1, length), '0123456789');
}

/** Row `created` is `YYYY-MM-DD HH:MM:SS.mmmZ`: sortable as text, so windows compare as strings. */
function since(seconds: number): string {
  return formatDate(new Date(Date.now() - seconds * 1000));
}

export interface RequestOtpResult {
  otpId: string;
  /** The background send, when a mail went out (tests wait on it). */
  sent: Promise<void> | null;
}

export async function requestOtp(
  core: Core,
  input: { collection: string; body: Record<string, unknown> },
): Promise<RequestOtpResult> {
  const collection = requireAuthCollection(core, input.collection);
  const options = collection.auth!.otp;
  if (!options.enabled) throw new ForbiddenError(NOT_ENABLED);
  const email = formString(input.body, 'email');
  const err = emailError(email);
  throwIfErrors(err ? { email: err } : {});

  const record = findAuthRecordByEmail(core, collection, email);
  // Unknown e-mail: an id of the same shape, no mail (no enumeration, http-api.md §3.13).
  if (!record) return { otpId: randomString(15), sent: null };

  const live = readConn(core).all<{ id: string }>(
    `SELECT "id" FROM "${OTPS}" WHERE "collectionRef" = ? AND "recordRef" = ? AND "created" >= ?
     ORDER BY "created" DESC, ${rowidColumn(engineOf(core))} DESC`,
    [collection.id, record.id, since(options.duration)],
  );
  if (live.length >= MAX_LIVE_OTPS && !core.dev) return { otpId: live[0]!.id, sent: null };

  const to = String(record.email ?? '');
  // `sentTo` is stored up front rather than after the send (auth.md §5.1): a failed send deletes
  // the OTP anyway, and a fast client can't race the bookkeeping and miss its verification.
  const { otp, code } = await createOtp(core, collection, record, to);
  const sent = sendAuthMailInBackground(
    core,
    {
      kind: 'otp',
      collection,
      record,
      template: options.emailTemplate,
      otp: code,
      otpId: otp.id,
    },
    // An OTP nobody received must not stay usable.
    () => void deleteRecordInternal(core, OTPS, otp).catch(() => {}),
  );
  return { otpId: otp.id, sent };
}

/**
 * Stores a fresh OTP of the collection's code length for `record`; the plain code is returned once.
 * The `_otps.password` field hashes the code with bcrypt cost 8 (auth.md §2).
 */
export async function createOtp(
  core: Core,
  collection: Collection,
  record: RecordData,
  sentTo = '',
): Promise<{ otp: RecordData; code: string }> {
  const code = randomDigits(collection.auth!.otp.length);
  const otp = await saveRecordInternal(
    core,
    OTPS,
    { collectionRef: collection.id, recordRef: record.id, password: code, sentTo },
    { isNew: true },
  );
  return { otp, code };
}

export async function authWithOtp(core: Core, input: AuthRequestInput): Promise<AuthOutcome> {
  const collection = requireAuthCollection(core, input.collection);
  const options = collection.auth!;
  if (!options.otp.enabled) throw new ForbiddenError(NOT_ENABLED);
  const otpId = formString(input.body, 'otpId');
  const code = formString(input.body, 'password');
  const mfaId = input.mfaId || formString(input.body, 'mfaId');
  throwIfErrors({
    ...(otpId
      ? otpId.length > 255
        ? { otpId: lengthOutOfRange(1, 255) }
        : {}
      : { otpId: required() }),
    ...(code
      ? code.length > 71
        ? { password: lengthOutOfRange(1, 71) }
        : {}
      : { password: required() }),
  });

  const otp = findRecordById(core, otpsCollection(core), otpId);
  if (!otp || otp.collectionRef !== collection.id) throw new BadRequestError(INVALID);
  if (!attempts.hit(core.counters, `${collection.id}:${otp.recordRef}:${input.ip}`)) {
    throw new TooManyRequestsError('Too many attempts, please try again later with a new OTP.');
  }
  const created = Date.parse(String(otp.created ?? '').replace(' ', 'T'));
  if (!(Date.now() <= created + options.otp.duration * 1000)) throw new BadRequestError(INVALID);
  if (!(await verifyPassword(code, String(otp.password ?? '')))) throw new BadRequestError(INVALID);
  let record: RecordData | null = findRecordById(core, collection, String(otp.recordRef));
  if (!record) throw new BadRequestError(INVALID);

  // The code reached the record's current address: that proves the address (auth.md §5.1).
  if (record.verified !== true && otp.sentTo && otp.sentTo === record.email) {
    const update: Record<string, unknown> = { id: record.id, verified: true };
    // A password set before verification may be an attacker's pre-registration.
    if (!options.mfa.enabled) update.password = randomString(30);
    record = await saveRecordInternal(core, collection, update, { isNew: false });
  }

  const outcome = await buildAuthResponse(core, {
    collection,
    record,
    requester: input.requester,
    method: 'otp',
    context: 'otp',
    mfaId,
    ip: input.ip,
    request: input.request,
    body: input.body,
    expand: input.expand,
  });
  // Used either way: as the whole login or as its first factor (an MFA session now holds it), a
  // code left in place could start any number of MFA sessions until it expires.
  await deleteRecordInternal(core, OTPS, otp);
  return outcome;
}
