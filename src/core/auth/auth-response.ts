// The shared tail of every auth endpoint (http-api.md §3.7): authRule, superuserIPs, MFA, alerts, then `{token, record}`.

import { type Collection, SUPERUSERS_ID } from '../collections/model.ts';
import type { Core } from '../core.ts';
import { ForbiddenError } from '../errors.ts';
import type { AuthInfo } from '../records/auth-info.ts';
import { serializeOneEnriched } from '../records/enrich.ts';
import { applyExpand } from '../records/expand.ts';
import type { RecordData } from '../records/record.ts';
import type { RequestMeta } from '../records/request-info.ts';
import { type AuthContext, checkAuthRule } from './auth-rule.ts';
import { recordLoginOrigin } from './mail-flows/auth-alert.ts';
import { type AuthMethod, checkMfa } from './mfa/mfa.ts';
import { refusesSuperuserAt } from './superuser-ips.ts';
import { createAuthToken } from './tokens/tokens.ts';

/** What every auth-with-* request hands core: password, OTP and OAuth2 take the same shape. */
export interface AuthRequestInput {
  collection: string;
  body: Record<string, unknown>;
  requester: AuthInfo | null;
  /** `?mfaId=` of the request; the body's `mfaId` is used when empty. */
  mfaId?: string;
  ip: string;
  /** The request the authRule/mfa.rule see, and the `?expand=` for the response. */
  request?: RequestMeta;
  expand?: string;
}

export interface AuthResponse {
  token: string;
  record: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

/** A login that needs a second factor: the route answers 401 with exactly this body. */
export interface MfaRequired {
  mfaId: string;
}

export type AuthOutcome = AuthResponse | MfaRequired;

export function isMfaRequired(o: AuthOutcome): o is MfaRequired {
  return 'mfaId' in o;
}

export interface AuthResponseInput {
  collection: Collection;
  record: RecordData;
  /** Who made the request (a superuser may obtain tokens of null-authRule collections). */
  requester: AuthInfo | null;
  /** The login method, for MFA; undefined for refresh/impersonation (never MFA). */
  method?: AuthMethod;
  context: AuthContext;
  /** The mfaId the client sent along (query or body), '' if none. */
  mfaId?: string;
  /** The client IP, checked against `settings.superuserIPs` for superuser logins. */
  ip: string;
  /** An existing token to return instead of a new one (non-refreshable refresh). */
  token?: string;
  meta?: Record<string, unknown>;
  /** The request the authRule and mfa.rule see (`@request.query`, `headers`, …). */
  request?: RequestMeta;
  /** The submitted body, for `@request.body` in those rules. */
  body?: Record<string, unknown>;
  /** The raw `?expand=` parameter, applied to the record as the record itself would see it. */
  expand?: string;
}

export async function buildAuthResponse(
  core: Core,
  input: AuthResponseInput,
): Promise<AuthOutcome> {
  const { collection, record } = input;
  const ruleRequest = { meta: input.request, body: input.body };
  checkAuthRule(core, collection, record, input.requester, input.context, ruleRequest);
  const isSuperuser = collection.id === SUPERUSERS_ID;
  if (isSuperuser && refusesSuperuserAt(core, input.ip)) {
    throw new ForbiddenError();
  }
  if (input.method) {
    const mfaId = await checkMfa(core, collection, record, input.method, input.mfaId ?? '', {
      ...ruleRequest,
      requester: input.requester,
    });
    if (mfaId) return { mfaId };
    // A completed login (not a refresh or an impersonation): auth.md §7.
    if (!input.token) {
      const userAgent = String(input.request?.headers?.['user-agent'] ?? '');
      await recordLoginOrigin(core, { collection, record, ip: input.ip, userAgent });
    }
  }
  const token = input.token ?? createAuthToken(core, collection, record);
  // Viewed as the record itself: its e-mail always, hidden fields too for superusers (§3.7).
  const self: AuthInfo = { record, collection, isSuperuser, token, refreshable: true };
  const json = await serializeOneEnriched(core, collection, record, {
    auth: self,
    showEmail: true,
    meta: input.request,
  });
  // Only with `?expand=`: spreading the request reads its lazily built query and headers maps.
  if (input.expand) {
    await applyExpand(core, {
      collection,
      records: [record],
      json: [json],
      expand: input.expand,
      auth: self,
      request: { ...input.request, body: input.body },
    });
  }
  const out: AuthResponse = { token, record: json };
  if (input.meta) out.meta = input.meta;
  return out;
}
