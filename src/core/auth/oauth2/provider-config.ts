// A collection's configured OAuth2 provider: its stored options over the provider's defaults.
import type { Collection } from '../../collections/model.ts';
import { providerDisplayName } from '../../collections/oauth2-providers.ts';
import { type ProviderDefinition, providerDefinition } from './providers.ts';

export interface ProviderConfig {
  name: string;
  displayName: string;
  clientId: string;
  clientSecret: string;
  authURL: string;
  tokenURL: string;
  userInfoURL: string;
  pkce: boolean;
  definition: ProviderDefinition;
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

function resolve(stored: Record<string, unknown>): ProviderConfig {
  const name = text(stored.name);
  const def = providerDefinition(name);
  return {
    name,
    displayName: text(stored.displayName) || providerDisplayName(name),
    clientId: text(stored.clientId),
    clientSecret: text(stored.clientSecret),
    authURL: text(stored.authURL) || def.authURL,
    tokenURL: text(stored.tokenURL) || def.tokenURL,
    userInfoURL: text(stored.userInfoURL) || def.userInfoURL,
    // `pkce: null` = the provider's default (bitbucket, linear, vk: off).
    pkce: typeof stored.pkce === 'boolean' ? stored.pkce : def.pkce,
    definition: def,
  };
}

/** The collection's providers in configured order (empty when OAuth2 is disabled). */
export function configuredProviders(collection: Collection): ProviderConfig[] {
  const oauth2 = collection.auth?.oauth2;
  if (!oauth2?.enabled) return [];
  return (oauth2.providers ?? []).map(resolve).filter((p) => p.name !== '');
}

export function findProvider(collection: Collection, name: string): ProviderConfig | null {
  return configuredProviders(collection).find((p) => p.name === name) ?? null;
}
