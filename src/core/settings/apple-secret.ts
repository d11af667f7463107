// `POST /api/settings/apple/generate-client-secret` (http-api.md §8): Apple's client secret is an
// ES256 JWT signed with the developer's private key, valid for at most ~6 months.
import type * as Jose from 'jose';
import { BadRequestError, type ErrorData, fieldError, ValidationError } from '../errors.ts';

const INVALID = 'Invalid client secret data.';
const PRIVATE_KEY = /-----BEGIN PRIVATE KEY----[\s\S]+-----END PRIVATE KEY-----/m;
const MAX_DURATION = 15_777_000;

const str = (v: unknown) => (typeof v === 'string' ? v : '');

function tenChars(v: string): ReturnType<typeof fieldError> | null {
  if (!v) return fieldError('validation_required', 'Cannot be blank.');
  if ([...v].length !== 10)
    return fieldError('validation_length_invalid', 'The length must be exactly 10.', {
      length: 10,
    });
  return null;
}

export async function generateAppleClientSecret(body: Record<string, unknown>): Promise<string> {
  // jose loads here, not at start (the settings routes import this file).
  const { importPKCS8, SignJWT } = require('jose') as typeof Jose;
  const clientId = str(body.clientId);
  const teamId = str(body.teamId);
  const keyId = str(body.keyId);
  const privateKey = str(body.privateKey);
  const duration = typeof body.duration === 'number' ? body.duration : 0;
  const errors: ErrorData = {};
  if (!clientId) errors.clientId = fieldError('validation_required', 'Cannot be blank.');
  const team = tenChars(teamId);
  if (team) errors.teamId = team;
  const key = tenChars(keyId);
  if (key) errors.keyId = key;
  if (!privateKey) errors.privateKey = fieldError('validation_required', 'Cannot be blank.');
  else if (!PRIVATE_KEY.test(privateKey))
    errors.privateKey = fieldError('validation_match_invalid', 'Must be in a valid format.');
  if (!duration) errors.duration = fieldError('validation_required', 'Cannot be blank.');
  else if (!Number.isInteger(duration) || duration < 1)
    errors.duration = fieldError(
      'validation_min_greater_equal_than_required',
      'Must be no less than 1.',
      { threshold: 1 },
    );
  else if (duration > MAX_DURATION)
    errors.duration = fieldError(
      'validation_max_less_equal_than_required',
      `Must be no greater than ${MAX_DURATION}.`,
      { threshold: MAX_DURATION },
    );
  if (Object.keys(errors).length > 0) throw new ValidationError(INVALID, errors);
  let signingKey: CryptoKey;
  try {
    signingKey = await importPKCS8(privateKey.trim(), 'ES256');
  } catch {
    throw new BadRequestError(INVALID);
  }
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: 'ES256', kid: keyId, typ: 'JWT' })
    .setAudience('https://appleid.apple.com')
    .setSubject(clientId)
    .setIssuer(teamId)
    .setIssuedAt(now)
    .setExpirationTime(now + duration)
    .sign(signingKey);
}
