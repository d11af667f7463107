// Apple's name hand-off: Apple sends the user's name once, as the `user` form value of its form_post
// redirect, never in the id_token. The redirect bridge keeps it by `code` for a minute so the
// auth-with-oauth2 call that redeems that code can map it (as PocketBase does, issue #7090).
import type { Core } from '../../core.ts';

const TTL_MS = 60_000;
const MAX_NAME = 150;
const MAX_KEY = 1000;

/** `{"name":{"firstName":"Ann","lastName":"Lee"}}` → "Ann Lee"; anything else → ''. */
export function parseAppleUserName(serialized: string): string {
  try {
    const v = JSON.parse(serialized) as { name?: { firstName?: unknown; lastName?: unknown } };
    const first = typeof v?.name?.firstName === 'string' ? v.name.firstName : '';
    const last = typeof v?.name?.lastName === 'string' ? v.name.lastName : '';
    return `${first} ${last}`.slice(0, MAX_NAME).trim();
  } catch {
    return '';
  }
}

export function rememberAppleName(core: Core, code: string, serializedUser: string): void {
  if (!code || code.length > MAX_KEY) return;
  const name = parseAppleUserName(serializedUser);
  // In core.values: the auth-with-oauth2 call may reach another worker than the redirect.
  if (name) core.values.put(`apple-name\0${code}`, name, TTL_MS);
}

/** The name stored for `code`, once. */
export function takeAppleName(core: Core, code: string): string {
  return core.values.take(`apple-name\0${code}`);
}
