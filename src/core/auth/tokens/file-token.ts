// File tokens (http-api.md §5.1): short-lived `type: "file"` JWTs that unlock protected files.

import { SUPERUSERS_ID } from '../../collections/model.ts';
import type { Core } from '../../core.ts';
import { UnauthorizedError } from '../../errors.ts';
import type { AuthInfo } from '../../records/auth-info.ts';
import { refusesSuperuserAt } from '../superuser-ips.ts';
import { createFileToken, verifyRecordToken } from './tokens.ts';

/** Any authenticated record of any auth collection gets one, valid for its `fileToken.duration`. */
export async function issueFileToken(core: Core, auth: AuthInfo | null): Promise<string> {
  if (!auth) throw new UnauthorizedError('The request requires valid record authorization token.');
  return createFileToken(core, auth.collection, auth.record);
}

/**
 * `?token=` → the record it names, or null (invalid, expired, not a file token). A superuser token
 * from outside `settings.superuserIPs` counts as no token, as the Authorization header does.
 */
export async function fileTokenAuth(
  core: Core,
  token: string,
  ip: string,
): Promise<AuthInfo | null> {
  if (!token) return null;
  const verified = verifyRecordToken(core, token, ['file']);
  if (!verified) return null;
  const isSuperuser = verified.collection.id === SUPERUSERS_ID;
  if (isSuperuser && refusesSuperuserAt(core, ip)) return null;
  return {
    record: verified.record,
    collection: verified.collection,
    isSuperuser,
    token,
    refreshable: false,
  };
}
