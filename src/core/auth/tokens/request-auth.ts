// Resolves the Authorization header to the requesting auth record (http-api.md §1.1, auth.md §1.2).
import { SUPERUSERS_ID } from '../../collections/model.ts';
import type { Core } from '../../core.ts';
import type { AuthInfo } from '../../records/auth-info.ts';
import { verifyRecordToken } from './tokens.ts';

/** `<jwt>` or `Bearer <jwt>` (prefix case-insensitive) → the raw token, else ''. */
export function tokenFromHeader(header: string | null | undefined): string {
  if (!header) return '';
  const value = header.trim();
  return /^bearer\s/i.test(value) ? value.slice(7).trim() : value;
}

/**
 * Only `type: "auth"` tokens authenticate; an invalid or expired token means guest (null), never an
 * error. Synchronous, as the verification and the record's read are.
 */
export function resolveRequestAuth(core: Core, header: string | null): AuthInfo | null {
  const token = tokenFromHeader(header);
  if (!token) return null;
  const verified = verifyRecordToken(core, token, ['auth']);
  if (!verified) return null;
  return {
    record: verified.record,
    collection: verified.collection,
    isSuperuser: verified.collection.id === SUPERUSERS_ID,
    token,
    refreshable: verified.claims.refreshable === true,
  };
}
