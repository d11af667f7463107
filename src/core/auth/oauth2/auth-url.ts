// The `auth-methods` provider entries (http-api.md §3.8): fresh state and PKCE pair, authURL ending in `&redirect_uri=`.
import { createHash } from 'node:crypto';
// arctic's own modules, not its index: the index loads all ~90 provider classes, none used here.
import { CodeChallengeMethod, OAuth2Client } from 'arctic/dist/client.js';
import { ALPHANUMERIC } from '../../collections/defaults.ts';
import type { Collection } from '../../collections/model.ts';
import { listOAuth2Providers } from '../../collections/oauth2-providers.ts';
import { randomString } from '../../ids.ts';
import { configuredProviders, type ProviderConfig } from './provider-config.ts';

export interface ProviderAuthInfo {
  name: string;
  displayName: string;
  logo: string;
  state: string;
  authURL: string;
  authUrl: string;
  codeVerifier: string;
  codeChallenge: string;
  codeChallengeMethod: string;
}

/** RFC 7636 S256: base64url(SHA-256(verifier)), no padding. */
function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function logoOf(name: string): string {
  return listOAuth2Providers().find((p) => p.name === name)?.logo ?? '';
}

export function providerAuthInfo(p: ProviderConfig): ProviderAuthInfo {
  const state = randomString(30, ALPHANUMERIC);
  // No redirect URI here: the client appends its own after the trailing `&redirect_uri=`.
  const client = new OAuth2Client(p.clientId, p.clientSecret, null);
  const scopes = p.definition.scopes;
  let codeVerifier = '';
  let codeChallenge = '';
  let url: URL;
  if (p.pkce) {
    codeVerifier = randomString(43, ALPHANUMERIC);
    codeChallenge = s256Challenge(codeVerifier);
    url = client.createAuthorizationURLWithPKCE(
      p.authURL,
      state,
      CodeChallengeMethod.S256,
      codeVerifier,
      scopes,
    );
  } else {
    url = client.createAuthorizationURL(p.authURL, state, scopes);
  }
  for (const [k, v] of Object.entries(p.definition.authParams ?? {})) url.searchParams.set(k, v);
  // Go's url.Values.Encode(), which PocketBase's authURL comes from, sorts the parameters by key.
  url.searchParams.sort();
  const authURL = `${url.toString()}&redirect_uri=`;
  // PocketBase's key order.
  return {
    name: p.name,
    displayName: p.displayName,
    logo: logoOf(p.name),
    state,
    authURL,
    authUrl: authURL,
    codeVerifier,
    codeChallenge,
    codeChallengeMethod: p.pkce ? 'S256' : '',
  };
}

export function providersAuthInfo(collection: Collection): ProviderAuthInfo[] {
  return configuredProviders(collection).map(providerAuthInfo);
}
