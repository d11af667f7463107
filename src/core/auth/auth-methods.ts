// GET /api/collections/{collection}/auth-methods (http-api.md §3.8), legacy keys included.
import type { Core } from '../core.ts';
import { requireAuthCollection } from './auth-collection.ts';

export interface AuthMethodsResponse {
  password: { identityFields: string[]; enabled: boolean };
  oauth2: { providers: Record<string, unknown>[]; enabled: boolean };
  mfa: { enabled: boolean; duration: number };
  otp: { enabled: boolean; duration: number };
  authProviders: Record<string, unknown>[] | null;
  usernamePassword: boolean;
  emailPassword: boolean;
}

export function listAuthMethods(core: Core, idOrName: string): AuthMethodsResponse {
  const collection = requireAuthCollection(core, idOrName);
  const options = collection.auth!;
  const password = options.passwordAuth.enabled;
  const fields = password ? [...options.passwordAuth.identityFields] : [];
  const oauth2 = options.oauth2.enabled;
  // A fresh state and PKCE pair per call (http-api.md §3.8). The OAuth2 client (arctic) loads
  // with the first collection that has OAuth2 on, not at start.
  const providers: Record<string, unknown>[] = oauth2
    ? (require('./oauth2/auth-url.ts') as typeof import('./oauth2/auth-url.ts'))
        .providersAuthInfo(collection)
        .map((p) => ({ ...p }))
    : [];
  return {
    password: { identityFields: fields, enabled: password },
    oauth2: { providers, enabled: oauth2 },
    mfa: { enabled: options.mfa.enabled, duration: options.mfa.enabled ? options.mfa.duration : 0 },
    otp: { enabled: options.otp.enabled, duration: options.otp.enabled ? options.otp.duration : 0 },
    authProviders: oauth2 ? providers.map((p) => ({ ...p, logo: '' })) : null,
    usernamePassword: fields.includes('username'),
    emailPassword: fields.includes('email'),
  };
}
