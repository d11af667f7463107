// Resolves the Authorization header to an AuthInfo (placeholder: the auth module replaces this).
import type { Core } from '../context.ts';
import type { AuthInfo } from './auth-info.ts';

export async function resolveRequestAuth(
  _core: Core,
  _header: string | null,
): Promise<AuthInfo | null> {
  return null;
}
