// The collection's authRule gate before any auth response (http-api.md §3.7).
//
// TODO: the filter compiler (core/filter) lands next; it replaces `matchesRecordRule` so any rule
// expression is evaluated against the record with `@request.context` = the auth method. Until
// then only the common `verified = true` rule is understood and every other expression allows.
import type { Collection } from '../collections/model.ts';
import type { Core } from '../context.ts';
import { ForbiddenError } from '../errors.ts';
import type { RecordData } from '../records/record.ts';
import type { AuthInfo } from './auth-info.ts';

/** `password` | `oauth2` | `otp` for logins, `default` for refresh and impersonation. */
export type AuthContext = 'password' | 'oauth2' | 'otp' | 'default';

/** A non-null rule: `""` always matches. */
export function matchesRecordRule(
  _core: Core,
  _collection: Collection,
  record: RecordData,
  rule: string,
  _context: AuthContext,
): boolean {
  const normalized = rule.replace(/\s+/g, '');
  if (normalized === '') return true;
  if (normalized === 'verified=true') return record.verified === true;
  return true;
}

/** null rule → only a superuser requester may obtain the token; otherwise the rule must match. */
export function checkAuthRule(
  core: Core,
  collection: Collection,
  record: RecordData,
  requester: AuthInfo | null,
  context: AuthContext,
): void {
  const rule = collection.auth?.authRule ?? null;
  const ok =
    rule === null
      ? requester?.isSuperuser === true
      : matchesRecordRule(core, collection, record, rule, context);
  if (!ok) {
    throw new ForbiddenError(
      "The request doesn't satisfy the collection requirements to authenticate.",
    );
  }
}
