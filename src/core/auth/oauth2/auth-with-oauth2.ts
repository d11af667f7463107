// POST /api/collections/{collection}/auth-with-oauth2 (http-api.md §3.10, auth.md §4).
import type { Core } from '../../core.ts';
import { type ErrorData, ForbiddenError, fieldError, ValidationError } from '../../errors.ts';
import { requireAuthCollection } from '../auth-collection.ts';
import { formString, required } from '../auth-form.ts';
import { type AuthOutcome, type AuthRequestInput, buildAuthResponse } from '../auth-response.ts';
import { takeAppleName } from './apple-name.ts';
import { downloadAvatar } from './avatar.ts';
import { exchangeCode, fetchProviderUser } from './fetch-user.ts';
import { findProvider } from './provider-config.ts';
import type { ProviderUser } from './provider-user.ts';
import {
  avatarFileField,
  type ResolveInput,
  resolveOAuth2Record,
  wouldCreate,
} from './resolve-record.ts';

const LOAD_FAILED = 'An error occurred while loading the submitted data.';

/** The avatar File for a file-typed mapped field, when a record will be created; a failure only skips it. */
async function avatarFor(core: Core, input: ResolveInput): Promise<File | null> {
  if (!avatarFileField(input) || !wouldCreate(core, input)) return null;
  try {
    return await downloadAvatar(input.user.avatarURL);
  } catch (err) {
    console.warn('oauth2: avatar download skipped:', err instanceof Error ? err.message : err);
    return null;
  }
}

export async function authWithOAuth2(core: Core, input: AuthRequestInput): Promise<AuthOutcome> {
  const collection = requireAuthCollection(core, input.collection);
  if (!collection.auth!.oauth2.enabled) {
    throw new ForbiddenError('The collection is not configured to allow OAuth2 authentication.');
  }
  const body = input.body;
  const providerName = formString(body, 'provider');
  const code = formString(body, 'code');
  const codeVerifier = formString(body, 'codeVerifier');
  const redirectURL = formString(body, 'redirectURL') || formString(body, 'redirectUrl');
  const mfaId = input.mfaId || formString(body, 'mfaId');
  const rawCreate = body.createData ?? {};
  if (typeof rawCreate !== 'object' || rawCreate === null || Array.isArray(rawCreate)) {
    throw new ValidationError(LOAD_FAILED, {
      createData: fieldError('validation_invalid_value', 'Invalid value.'),
    });
  }

  const provider = providerName ? findProvider(collection, providerName) : null;
  const errors: ErrorData = {};
  if (!providerName) errors.provider = required();
  else if (!provider)
    errors.provider = fieldError(
      'validation_invalid_provider',
      `Provider with name ${providerName} is missing or is not enabled.`,
    );
  if (!code) errors.code = required();
  if (Object.keys(errors).length > 0) throw new ValidationError(LOAD_FAILED, errors);

  const tokens = await exchangeCode(provider!, code, codeVerifier, redirectURL);
  const user: ProviderUser = await fetchProviderUser(provider!, tokens);
  // Apple's id_token has no name: the redirect bridge may have kept the form_post `user` value.
  const appleName = provider!.name === 'apple' ? takeAppleName(core, code) : '';
  if (!user.name && appleName) user.name = appleName;
  const resolveInput: ResolveInput = {
    collection,
    provider: provider!.name,
    user,
    requester: input.requester,
    createData: rawCreate as Record<string, unknown>,
    request: input.request,
  };
  resolveInput.avatar = await avatarFor(core, resolveInput);
  const { record, isNew } = await resolveOAuth2Record(core, resolveInput);
  return buildAuthResponse(core, {
    collection,
    record,
    requester: input.requester,
    method: 'oauth2',
    context: 'oauth2',
    mfaId,
    ip: input.ip,
    request: input.request,
    body,
    expand: input.expand,
    meta: { ...user, avatarUrl: user.avatarURL, isNew },
  });
}
