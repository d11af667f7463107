// POST /api/collections/{collection}/impersonate/{id} (http-api.md §3.17): a superuser gets a user's token.
import type { Core } from '../../core.ts';
import { BadRequestError, fieldError, NotFoundError } from '../../errors.ts';
import type { AuthInfo } from '../../records/auth-info.ts';
import { findRecordById } from '../../records/find.ts';
import type { RequestMeta } from '../../records/request-info.ts';
import { requireAuthCollection } from '../auth-collection.ts';
import { throwIfErrors } from '../auth-form.ts';
import { type AuthResponse, buildAuthResponse } from '../auth-response.ts';
import { createAuthToken } from './tokens.ts';

export interface ImpersonateInput {
  collection: string;
  id: string;
  body: Record<string, unknown>;
  /** Already checked to be a superuser by the route. */
  requester: AuthInfo;
  ip: string;
  request?: RequestMeta;
  expand?: string;
}

function readDuration(body: Record<string, unknown>): number {
  // PocketBase decodes it into an int64: a string or a fraction in JSON fails to load (form
  // bodies arrive here already typed as numbers).
  const n = body.duration ?? 0;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new BadRequestError('An error occurred while loading the submitted data.');
  }
  if (n < 0) {
    throwIfErrors({
      duration: fieldError(
        'validation_min_greater_equal_than_required',
        'Must be no less than 0.',
        {
          threshold: 0,
        },
      ),
    });
  }
  return Math.floor(n);
}

/** A non-refreshable token (auth-refresh hands it back unchanged); no MFA, no alert (auth.md §1.4). */
export async function impersonate(core: Core, input: ImpersonateInput): Promise<AuthResponse> {
  const collection = requireAuthCollection(core, input.collection);
  // PocketBase finds the record before it reads the body: a missing one is a 404 first.
  const record = findRecordById(core, collection, input.id);
  if (!record) throw new NotFoundError();
  const duration = readDuration(input.body);
  const token = createAuthToken(core, collection, record, { refreshable: false, duration });
  const outcome = await buildAuthResponse(core, {
    collection,
    record,
    requester: input.requester,
    context: 'default',
    ip: input.ip,
    token,
    request: input.request,
    body: input.body,
    expand: input.expand,
  });
  return outcome as AuthResponse;
}
