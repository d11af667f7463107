// Validation of auth collection options (collections-and-fields.md §2), PocketBase's codes and nesting.
import { type ErrorData, fieldError } from '../errors.ts';
import { findSingleColumnUniqueIndex } from './index-sql.ts';
import type { AuthOptions, Collection, EmailTemplate } from './model.ts';
import { isProviderName } from './oauth2-providers.ts';
import { lengthOutOfRange, maxNumber, minNumber, required, setError } from './validation-errors.ts';

const TOKEN_KEYS = [
  'authToken',
  'passwordResetToken',
  'emailChangeToken',
  'verificationToken',
  'fileToken',
] as const;

const TEMPLATE_KEYS = [
  'verificationTemplate',
  'resetPasswordTemplate',
  'confirmEmailChangeTemplate',
] as const;

function checkTemplate(errors: ErrorData, path: string[], t: EmailTemplate | undefined) {
  if (!t?.subject) setError(errors, [...path, 'subject'], required());
  if (!t?.body) setError(errors, [...path, 'body'], required());
}

/** Duration in `min…max` seconds; 0 counts as missing. */
function checkDuration(errors: ErrorData, path: string[], v: number, min: number, max: number) {
  if (!v) setError(errors, path, required());
  else if (v < min) setError(errors, path, minNumber(min));
  else if (v > max) setError(errors, path, maxNumber(max));
}

function isUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return Boolean(u.host);
  } catch {
    return false;
  }
}

function checkProviders(errors: ErrorData, a: AuthOptions) {
  const seen = new Set<string>();
  (a.oauth2.providers ?? []).forEach((p, i) => {
    const path = ['oauth2', 'providers', String(i)];
    const name = typeof p.name === 'string' ? p.name : '';
    if (!name) setError(errors, [...path, 'name'], required());
    else if (seen.has(name))
      setError(
        errors,
        [...path, 'name'],
        fieldError(
          'validation_duplicated_provider',
          `The provider ${name} is already registered.`,
          {
            name,
          },
        ),
      );
    else if (!isProviderName(name))
      setError(
        errors,
        [...path, 'name'],
        fieldError(
          'validation_missing_provider',
          `Invalid or missing provider with name ${name}.`,
          {
            name,
          },
        ),
      );
    seen.add(name);
    if (!p.clientId) setError(errors, [...path, 'clientId'], required());
    if (!p.clientSecret) setError(errors, [...path, 'clientSecret'], required());
    for (const key of ['authURL', 'tokenURL', 'userInfoURL']) {
      const v = p[key];
      if (typeof v === 'string' && v && !isUrl(v))
        setError(errors, [...path, key], fieldError('validation_is_url', 'Must be a valid URL.'));
    }
  });
}

function checkIdentityFields(errors: ErrorData, c: Collection, fields: string[]) {
  const path = ['passwordAuth', 'identityFields'];
  if (fields.length === 0) return setError(errors, path, required());
  for (const name of new Set(fields)) {
    if (!c.fields.some((f) => f.name === name)) {
      return setError(
        errors,
        path,
        fieldError('validation_missing_field', `Invalid or missing field ${name}.`, {
          fieldName: name,
        }),
      );
    }
    if (!findSingleColumnUniqueIndex(c.indexes, name)) {
      return setError(
        errors,
        path,
        fieldError(
          'validation_missing_unique_constraint',
          `The field ${name} doesn't have a UNIQUE constraint.`,
          { fieldName: name },
        ),
      );
    }
  }
}

/** The auth-specific errors of `c` (top-level keys like `mfa`, `authToken`, as the API flattens them). */
export function validateAuthOptions(c: Collection, original?: Collection): ErrorData {
  const errors: ErrorData = {};
  const a = c.auth;
  if (!a) return errors;
  if (a.manageRule === '')
    setError(
      errors,
      ['manageRule'],
      fieldError('validation_nil_or_not_empty_required', 'Cannot be blank.'),
    );
  if (original?.system && original.auth) {
    const o = original.auth;
    const changed = fieldError(
      'validation_collection_system_rule_change',
      'System collection API rule cannot be changed.',
    );
    if (a.authRule !== o.authRule) setError(errors, ['authRule'], changed);
    if (a.manageRule !== o.manageRule) setError(errors, ['manageRule'], changed);
    if (a.mfa.rule !== o.mfa.rule) setError(errors, ['mfa', 'rule'], changed);
  }
  checkTemplate(errors, ['authAlert', 'emailTemplate'], a.authAlert?.emailTemplate);
  checkTemplate(errors, ['otp', 'emailTemplate'], a.otp?.emailTemplate);
  for (const key of TEMPLATE_KEYS) checkTemplate(errors, [key], a[key]);
  for (const key of TOKEN_KEYS) {
    const t = a[key];
    const secret = t?.secret ?? '';
    if (!secret) setError(errors, [key, 'secret'], required());
    else if (secret.length < 30 || secret.length > 255)
      setError(errors, [key, 'secret'], lengthOutOfRange(30, 255));
    checkDuration(errors, [key, 'duration'], t?.duration ?? 0, 10, 94670856);
  }
  if (a.otp.enabled) {
    checkDuration(errors, ['otp', 'duration'], a.otp.duration, 10, 86400);
    if (!a.otp.length) setError(errors, ['otp', 'length'], required());
    else if (a.otp.length < 4) setError(errors, ['otp', 'length'], minNumber(4));
  }
  if (a.mfa.enabled) {
    checkDuration(errors, ['mfa', 'duration'], a.mfa.duration, 10, 86400);
    const methods = [a.passwordAuth.enabled, a.oauth2.enabled, a.otp.enabled].filter(Boolean);
    if (methods.length < 2)
      setError(
        errors,
        ['mfa', 'enabled'],
        fieldError(
          'validation_mfa_not_enough_auths',
          'MFA requires at least 2 auth methods to be enabled.',
        ),
      );
  }
  if (a.oauth2.enabled) checkProviders(errors, a);
  if (a.passwordAuth.enabled) checkIdentityFields(errors, c, a.passwordAuth.identityFields ?? []);
  return errors;
}
