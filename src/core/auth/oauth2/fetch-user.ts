// Code → tokens → provider user, through arctic, each provider call bounded by 30 s (auth.md §4.1).
// arctic's own modules, not its index (which loads every provider class: see auth-url.ts).
import { OAuth2Client } from 'arctic/dist/client.js';
import type { OAuth2Tokens } from 'arctic/dist/oauth2.js';
import { decodeIdToken } from 'arctic/dist/oidc.js';
import { formatDate } from '../../dates.ts';
import { BadRequestError } from '../../errors.ts';
import type { ProviderConfig } from './provider-config.ts';
import type { ProviderUser, RawUser } from './provider-user.ts';

const PROVIDER_TIMEOUT_MS = 30_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out`)), PROVIDER_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export async function exchangeCode(
  p: ProviderConfig,
  code: string,
  codeVerifier: string,
  redirectURL: string,
): Promise<OAuth2Tokens> {
  const client = new OAuth2Client(p.clientId, p.clientSecret, redirectURL || null);
  try {
    return await withTimeout(
      client.validateAuthorizationCode(p.tokenURL, code, p.pkce ? codeVerifier : null),
      'token exchange',
    );
  } catch (err) {
    console.error(
      `oauth2: ${p.name} token exchange failed:`,
      err instanceof Error ? err.message : err,
    );
    throw new BadRequestError('Failed to fetch OAuth2 token.');
  }
}

async function getJson(
  url: string,
  headers: Record<string, string>,
  postJson?: string,
): Promise<unknown> {
  const init: RequestInit = postJson
    ? { method: 'POST', body: postJson, headers: { 'content-type': 'application/json' } }
    : {};
  const res = await withTimeout(
    fetch(url, {
      ...init,
      headers: { accept: 'application/json', ...init.headers, ...headers },
      redirect: 'error',
    }),
    'user info',
  );
  if (!res.ok) throw new Error(`user info: HTTP ${res.status}`);
  return res.json();
}

function optional<T>(f: () => T, fallback: T): T {
  try {
    return f();
  } catch {
    return fallback;
  }
}

export async function fetchProviderUser(
  p: ProviderConfig,
  tokens: OAuth2Tokens,
): Promise<ProviderUser> {
  const def = p.definition;
  const accessToken = tokens.accessToken();
  const auth = { authorization: `Bearer ${accessToken}`, ...def.userInfoHeaders?.(p.clientId) };
  let raw: RawUser;
  let email = '';
  try {
    raw = def.fromIdToken
      ? (decodeIdToken(tokens.idToken()) as RawUser)
      : ((await getJson(p.userInfoURL, auth, def.userInfoPost)) as RawUser);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw new Error('not an object');
    const mapped = def.map(raw, tokens.data as RawUser);
    email = mapped.email;
    if (!email && def.verifiedEmail) {
      email = await def.verifiedEmail(accessToken, (url) => getJson(url, auth)).catch(() => '');
    }
    if (!mapped.id) throw new Error('the provider returned no user id');
    const expiresAt = optional(() => tokens.accessTokenExpiresAt(), null);
    return {
      ...mapped,
      email,
      accessToken,
      refreshToken: optional(() => (tokens.hasRefreshToken() ? tokens.refreshToken() : ''), ''),
      expiry: expiresAt ? formatDate(expiresAt) : '',
      rawUser: raw,
    };
  } catch (err) {
    console.error(`oauth2: ${p.name} user fetch failed:`, err instanceof Error ? err.message : err);
    throw new BadRequestError('Failed to fetch OAuth2 user.');
  }
}
