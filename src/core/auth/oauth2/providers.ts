// PocketBase's OAuth2 providers: endpoints, default scopes, PKCE, and raw user → ProviderUser mapping.
//
// Endpoints are the vendors' (as PocketBase's `tools/auth/*.go`); a provider config may override them.
// OIDC providers and self-hosted ones (gitea, mailcow, …) take their URLs from the config only.
// All go through arctic's generic `OAuth2Client`, not its named provider classes: those hard-code the
// endpoints (no config override), fix PKCE per vendor (GitHub none, Google always) where PocketBase
// makes it a setting, and Apple's wants the .p8 key where PocketBase stores a ready client-secret JWT.
import { at, isTrue, type RawUser, str } from './provider-user.ts';

/** What a mapper fills; tokens and expiry are added by the caller. */
export interface MappedUser {
  id: string;
  name: string;
  username: string;
  email: string;
  avatarURL: string;
}

export interface ProviderDefinition {
  authURL: string;
  tokenURL: string;
  userInfoURL: string;
  scopes: string[];
  pkce: boolean;
  /** Extra authorization URL parameters (Apple: `response_mode=form_post`). */
  authParams?: Record<string, string>;
  /** Extra headers on the user-info request (Twitch needs `Client-Id`). */
  userInfoHeaders?: (clientId: string) => Record<string, string>;
  /** No user-info endpoint: the user comes from the token response's `id_token` (Apple). */
  fromIdToken?: boolean;
  /** A JSON body POSTed to the user-info URL instead of a GET (Linear's GraphQL `viewer` query). */
  userInfoPost?: string;
  /** A follow-up call for the verified e-mail when the profile lacks it (GitHub). */
  verifiedEmail?: (accessToken: string, get: (url: string) => Promise<unknown>) => Promise<string>;
  /** Raw user (and the raw token response, where VK puts the e-mail) → normalized user; throws to refuse. */
  map(raw: RawUser, token: RawUser): MappedUser;
}

/** OpenID Connect standard claims; e-mail only with `email_verified: true`. */
function oidcUser(raw: RawUser): MappedUser {
  return {
    id: str(raw.sub),
    name: str(raw.name),
    username: str(raw.preferred_username),
    email: isTrue(raw.email_verified) ? str(raw.email) : '',
    avatarURL: str(raw.picture),
  };
}

const OIDC: ProviderDefinition = {
  authURL: '',
  tokenURL: '',
  userInfoURL: '',
  scopes: ['openid', 'email', 'profile'],
  pkce: true,
  map: oidcUser,
};

async function githubEmail(
  _token: string,
  get: (url: string) => Promise<unknown>,
): Promise<string> {
  const list = await get('https://api.github.com/user/emails');
  if (!Array.isArray(list)) return '';
  const primary = list.find((e) => isTrue(at(e, 'verified')) && isTrue(at(e, 'primary')));
  return str(at(primary, 'email'));
}

export const PROVIDER_DEFINITIONS: Record<string, ProviderDefinition> = {
  oidc: OIDC,
  oidc2: OIDC,
  oidc3: OIDC,
  google: {
    authURL: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenURL: 'https://oauth2.googleapis.com/token',
    userInfoURL: 'https://www.googleapis.com/oauth2/v3/userinfo',
    scopes: [
      'https://www.googleapis.com/auth/userinfo.profile',
      'https://www.googleapis.com/auth/userinfo.email',
    ],
    pkce: true,
    map: oidcUser,
  },
  github: {
    authURL: 'https://github.com/login/oauth/authorize',
    tokenURL: 'https://github.com/login/oauth/access_token',
    userInfoURL: 'https://api.github.com/user',
    scopes: ['read:user', 'user:email'],
    pkce: true,
    // The profile's public e-mail carries no verified flag: only /user/emails says so.
    verifiedEmail: githubEmail,
    map: (raw) => ({
      id: str(raw.id),
      name: str(raw.name),
      username: str(raw.login),
      email: '',
      avatarURL: str(raw.avatar_url),
    }),
  },
  gitlab: {
    authURL: 'https://gitlab.com/oauth/authorize',
    tokenURL: 'https://gitlab.com/oauth/token',
    userInfoURL: 'https://gitlab.com/api/v4/user',
    scopes: ['read_user'],
    pkce: true,
    map: (raw) => ({
      id: str(raw.id),
      name: str(raw.name),
      username: str(raw.username),
      // GitLab only reports a confirmed primary address as `email` when `confirmed_at` is set.
      email: str(raw.confirmed_at) ? str(raw.email) : '',
      avatarURL: str(raw.avatar_url),
    }),
  },
  discord: {
    authURL: 'https://discord.com/api/oauth2/authorize',
    tokenURL: 'https://discord.com/api/oauth2/token',
    userInfoURL: 'https://discord.com/api/users/@me',
    scopes: ['identify', 'email'],
    pkce: true,
    map: (raw) => ({
      id: str(raw.id),
      name: str(raw.global_name) || str(raw.username),
      username: str(raw.username),
      email: isTrue(raw.verified) ? str(raw.email) : '',
      avatarURL: raw.avatar
        ? `https://cdn.discordapp.com/avatars/${str(raw.id)}/${str(raw.avatar)}.png`
        : '',
    }),
  },
  microsoft: {
    authURL: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenURL: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    userInfoURL: 'https://graph.microsoft.com/v1.0/me',
    scopes: ['User.Read'],
    pkce: true,
    // Graph's `mail` is the tenant-managed address (PocketBase treats it as verified).
    map: (raw) => ({
      id: str(raw.id),
      name: str(raw.displayName),
      username: '',
      email: str(raw.mail),
      avatarURL: '',
    }),
  },
  facebook: {
    authURL: 'https://www.facebook.com/v17.0/dialog/oauth',
    tokenURL: 'https://graph.facebook.com/v17.0/oauth/access_token',
    userInfoURL: 'https://graph.facebook.com/me?fields=name,email,picture.type(large)',
    scopes: ['email'],
    pkce: true,
    // Facebook only returns confirmed addresses.
    map: (raw) => ({
      id: str(raw.id),
      name: str(raw.name),
      username: '',
      email: str(raw.email),
      avatarURL: str(at(raw, 'picture', 'data', 'url')),
    }),
  },
  twitch: {
    authURL: 'https://id.twitch.tv/oauth2/authorize',
    tokenURL: 'https://id.twitch.tv/oauth2/token',
    userInfoURL: 'https://api.twitch.tv/helix/users',
    scopes: ['user:read:email'],
    pkce: true,
    userInfoHeaders: (clientId) => ({ 'Client-Id': clientId }),
    map: (raw) => {
      const u = (Array.isArray(raw.data) ? raw.data[0] : {}) as RawUser;
      return {
        id: str(u.id),
        name: str(u.display_name),
        username: str(u.login),
        // Twitch requires a verified address before it shares it.
        email: str(u.email),
        avatarURL: str(u.profile_image_url),
      };
    },
  },
  spotify: {
    authURL: 'https://accounts.spotify.com/authorize',
    tokenURL: 'https://accounts.spotify.com/api/token',
    userInfoURL: 'https://api.spotify.com/v1/me',
    scopes: ['user-read-private', 'user-read-email'],
    pkce: true,
    // Spotify does not verify addresses: never used for linking.
    map: (raw) => ({
      id: str(raw.id),
      name: str(raw.display_name),
      username: '',
      email: '',
      avatarURL: str(at(raw, 'images', '0', 'url')),
    }),
  },
  apple: {
    authURL: 'https://appleid.apple.com/auth/authorize',
    tokenURL: 'https://appleid.apple.com/auth/token',
    userInfoURL: '',
    scopes: ['name', 'email'],
    pkce: true,
    authParams: { response_mode: 'form_post' },
    fromIdToken: true,
    map: (raw) => ({ ...oidcUser(raw), username: '' }),
  },
  bitbucket: {
    authURL: 'https://bitbucket.org/site/oauth2/authorize',
    tokenURL: 'https://bitbucket.org/site/oauth2/access_token',
    userInfoURL: 'https://api.bitbucket.org/2.0/user',
    scopes: ['account'],
    pkce: false,
    map: (raw) => ({
      id: str(raw.uuid),
      name: str(raw.display_name),
      username: str(raw.username),
      email: '',
      avatarURL: str(at(raw, 'links', 'avatar', 'href')),
    }),
  },
  linear: {
    authURL: 'https://linear.app/oauth/authorize',
    tokenURL: 'https://api.linear.app/oauth/token',
    userInfoURL: 'https://api.linear.app/graphql',
    scopes: ['read'],
    pkce: false,
    userInfoPost: JSON.stringify({
      query: 'query Me { viewer { id displayName name email avatarUrl active } }',
    }),
    map: (raw) => {
      const v = at(raw, 'data', 'viewer');
      if (!isTrue(at(v, 'active'))) throw new Error('the Linear user account is not active');
      return {
        id: str(at(v, 'id')),
        name: str(at(v, 'name')),
        username: str(at(v, 'displayName')),
        // Linear signs in by e-mail link or Google only, so the address is a proven one (as PocketBase).
        email: str(at(v, 'email')),
        avatarURL: str(at(v, 'avatarUrl')),
      };
    },
  },
  vk: {
    authURL: 'https://oauth.vk.com/authorize',
    tokenURL: 'https://oauth.vk.com/access_token',
    userInfoURL: 'https://api.vk.com/method/users.get?fields=photo_max,screen_name&v=5.131',
    scopes: ['email'],
    pkce: false,
    map: (raw, token) => {
      const list = raw.response;
      const u = (Array.isArray(list) ? list[0] : undefined) as RawUser | undefined;
      if (!u) throw new Error('missing response entry');
      return {
        id: str(u.id),
        name: `${str(u.first_name)} ${str(u.last_name)}`.trim(),
        username: str(u.screen_name),
        // VK hands out the (confirmed) address only in the token response, with the `email` scope.
        email: str(token.email),
        avatarURL: str(u.photo_max),
      };
    },
  },
};

/** A listed provider without a table entry is driven by its config URLs with OIDC claim mapping. */
export function providerDefinition(name: string): ProviderDefinition {
  return PROVIDER_DEFINITIONS[name] ?? OIDC;
}
