// The collection's authRule gate before any auth response (http-api.md §3.7), as PocketBase's CanAccessRecord.
import type { Collection } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { ForbiddenError } from '../errors.ts';
import type { AuthInfo } from '../records/auth-info.ts';
import type { RecordData } from '../records/record.ts';
import { type RequestMeta, requestInfo } from '../records/request-info.ts';
import { recordMatches } from '../records/rules.ts';

/** `password` | `oauth2` | `otp` for logins, `default` for refresh and impersonation. */
export type AuthContext = 'password' | 'oauth2' | 'otp' | 'default';

/** The request an auth-time rule sees: `@request.auth` is the requester, never the logging-in record. */
export interface AuthRuleRequest {
  requester?: AuthInfo | null;
  meta?: RequestMeta;
  body?: Record<string, unknown>;
}

/**
 * A non-null rule evaluated against `record` with `@request.context` = `context`; `""` always
 * matches. No superuser bypass here (callers decide), and a broken rule fails closed.
 */
export function matchesRecordRule(
  core: Core,
  collection: Collection,
  record: RecordData,
  rule: string,
  context: AuthContext,
  request: AuthRuleRequest = {},
): boolean {
  if (rule === '') return true;
  const ctx = requestInfo(request.requester ?? null, { ...request.meta, context }, request.body);
  return recordMatches(core, collection, record.id, rule, ctx);
}

/**
 * A superuser requester passes (filter-and-rules.md §5.1); otherwise a null rule refuses and an
 * expression must match the record.
 */
export function checkAuthRule(
  core: Core,
  collection: Collection,
  record: RecordData,
  requester: AuthInfo | null,
  context: AuthContext,
  request: Omit<AuthRuleRequest, 'requester'> = {},
): void {
  const rule = collection.auth?.authRule ?? null;
  const ok =
    requester?.isSuperuser === true ||
    (rule !== null &&
      matchesRecordRule(core, collection, record, rule, context, { ...request, requester }));
  if (!ok) {
    throw new ForbiddenError(
      "The request doesn't satisfy the collection requirements to authenticate.",
    );
  }
}
