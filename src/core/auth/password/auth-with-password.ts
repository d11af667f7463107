// POST /api/collections/{collection}/auth-with-password (http-api.md §3.9, auth.md §3).
import type { Core } from '../../core.ts';
import {
  BadRequestError,
  type ErrorData,
  ForbiddenError,
  fieldError,
  ValidationError,
} from '../../errors.ts';
import { dummyPasswordCheck, verifyPassword } from '../../fields/password-hash.ts';
import { requireAuthCollection } from '../auth-collection.ts';
import { type AuthOutcome, type AuthRequestInput, buildAuthResponse } from '../auth-response.ts';
import { findRecordByIdentity } from './identity.ts';
import { assertLoginAllowed, recordLoginFailure, recordLoginSuccess } from './login-throttle.ts';

const MAX_LENGTH = 255;

function readString(body: Record<string, unknown>, key: string): string {
  const v = body[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') {
    throw new BadRequestError('An error occurred while loading the submitted data.');
  }
  return v;
}

function lengthError() {
  return fieldError('validation_length_out_of_range', 'The length must be between 1 and 255.', {
    min: 1,
    max: MAX_LENGTH,
  });
}

export async function authWithPassword(core: Core, input: AuthRequestInput): Promise<AuthOutcome> {
  const collection = requireAuthCollection(core, input.collection);
  const options = collection.auth!;
  if (!options.passwordAuth.enabled) {
    throw new ForbiddenError('The collection is not configured to allow password authentication.');
  }
  const identity = readString(input.body, 'identity');
  const password = readString(input.body, 'password');
  const identityField = readString(input.body, 'identityField');
  const mfaId = input.mfaId || readString(input.body, 'mfaId');

  const errors: ErrorData = {};
  for (const [key, value] of [
    ['identity', identity],
    ['password', password],
  ] as const) {
    if (value === '') errors[key] = fieldError('validation_required', 'Cannot be blank.');
    else if (value.length > MAX_LENGTH) errors[key] = lengthError();
  }
  if (identityField.length > MAX_LENGTH) errors.identityField = lengthError();
  else if (identityField && !options.passwordAuth.identityFields.includes(identityField)) {
    errors.identityField = fieldError('validation_in_invalid', 'Must be a valid value.');
  }
  if (Object.keys(errors).length > 0) {
    throw new ValidationError('An error occurred while validating the submitted data.', errors);
  }

  assertLoginAllowed(core.counters, collection.id, identity, input.ip);
  const record = findRecordByIdentity(core, collection, identity, identityField);
  // Timing equalisation: an unknown identity costs one bcrypt comparison too (auth.md §2).
  let ok = false;
  if (record) {
    ok = await verifyPassword(password, typeof record.password === 'string' ? record.password : '');
  } else {
    await dummyPasswordCheck(password);
  }
  if (!record || !ok) {
    recordLoginFailure(core.counters, collection.id, identity, input.ip);
    throw new BadRequestError('Failed to authenticate.');
  }
  recordLoginSuccess(core.counters, collection.id, identity, input.ip);

  return buildAuthResponse(core, {
    collection,
    record,
    requester: input.requester,
    method: 'password',
    context: 'password',
    mfaId,
    ip: input.ip,
    request: input.request,
    body: input.body,
    expand: input.expand,
  });
}
