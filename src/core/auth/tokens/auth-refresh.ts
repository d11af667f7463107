// POST /api/collections/{collection}/auth-refresh (http-api.md §3.12, auth.md §1.4).
import type { Core } from '../../core.ts';
import { NotFoundError } from '../../errors.ts';
import type { AuthInfo } from '../../records/auth-info.ts';
import type { RequestMeta } from '../../records/request-info.ts';
import { requireSameCollectionAuth } from '../auth-collection.ts';
import { type AuthResponse, buildAuthResponse } from '../auth-response.ts';

export async function authRefresh(
  core: Core,
  input: {
    collection: string;
    requester: AuthInfo | null;
    ip: string;
    request?: RequestMeta;
    expand?: string;
  },
): Promise<AuthResponse> {
  const collection = core.collections.find(input.collection);
  if (!collection) throw new NotFoundError('Missing or invalid collection context.');
  const auth = requireSameCollectionAuth(input.requester, collection);
  if (!auth.record) throw new NotFoundError('Missing auth record context.');
  const outcome = await buildAuthResponse(core, {
    collection: auth.collection,
    record: auth.record,
    requester: input.requester,
    context: 'default',
    // Passed through unread: buildAuthResponse needs it only for superusers (superuserIPs).
    get ip() {
      return input.ip;
    },
    request: input.request,
    expand: input.expand,
    // A non-refreshable token (impersonation) comes back unchanged.
    token: auth.refreshable ? undefined : auth.token,
  });
  return outcome as AuthResponse;
}
