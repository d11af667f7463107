// Per-provider OAuth2 behaviour without the network: auth URLs (default scopes, PKCE defaults), canned
// user JSON → normalized user (e-mail only when the provider verified it), and the avatar address guard.
// Linear's GraphQL POST and VK's token-response e-mail run against a local HTTP server.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { OAuth2Tokens } from 'arctic';
import { providerAuthInfo } from '../../src/core/auth/oauth2/auth-url.ts';
import { isPrivateAddress } from '../../src/core/auth/oauth2/avatar.ts';
import { fetchProviderUser } from '../../src/core/auth/oauth2/fetch-user.ts';
import { findProvider, type ProviderConfig } from '../../src/core/auth/oauth2/provider-config.ts';
import { PROVIDER_DEFINITIONS } from '../../src/core/auth/oauth2/providers.ts';
import type { Collection } from '../../src/core/collections/model.ts';
import { BadRequestError } from '../../src/core/errors.ts';

function configured(name: string, extra: Record<string, unknown> = {}): ProviderConfig {
  const collection = {
    auth: {
      oauth2: {
        enabled: true,
        providers: [{ name, clientId: 'cid', clientSecret: 'sec', ...extra }],
      },
    },
  } as unknown as Collection;
  return findProvider(collection, name)!;
}

const NAMED = [
  'google',
  'github',
  'gitlab',
  'discord',
  'microsoft',
  'facebook',
  'twitch',
  'spotify',
  'apple',
  'bitbucket',
  'linear',
  'vk',
];
const NO_PKCE = new Set(['bitbucket', 'linear', 'vk']);

describe('auth URLs', () => {
  for (const name of NAMED) {
    test(`${name}: vendor endpoint, default scopes, PKCE ${NO_PKCE.has(name) ? 'off' : 'S256'}`, () => {
      const def = PROVIDER_DEFINITIONS[name]!;
      const info = providerAuthInfo(configured(name));
      expect(info.authURL.endsWith('&redirect_uri=')).toBe(true);
      const url = new URL(info.authURL);
      expect(`${url.origin}${url.pathname}`).toBe(def.authURL);
      expect(url.searchParams.get('client_id')).toBe('cid');
      expect(url.searchParams.get('response_type')).toBe('code');
      expect(url.searchParams.get('state')).toBe(info.state);
      expect(url.searchParams.get('scope')).toBe(def.scopes.join(' '));
      if (NO_PKCE.has(name)) {
        expect(url.searchParams.has('code_challenge')).toBe(false);
        expect([info.codeVerifier, info.codeChallenge, info.codeChallengeMethod]).toEqual([
          '',
          '',
          '',
        ]);
      } else {
        expect(url.searchParams.get('code_challenge')).toBe(info.codeChallenge);
        expect(url.searchParams.get('code_challenge_method')).toBe('S256');
        expect(info.codeVerifier).toHaveLength(43);
      }
      expect(url.searchParams.get('response_mode')).toBe(name === 'apple' ? 'form_post' : null);
      // PocketBase's order: parameters sorted by key (Go's url.Values.Encode), then redirect_uri.
      const keys = [...url.searchParams.keys()];
      expect(keys.slice(0, -1)).toEqual(keys.slice(0, -1).sort());
      expect(keys.at(-1)).toBe('redirect_uri');
    });
  }

  // PocketBase 0.40.4's auth-methods entry for github, key for key.
  test("an entry has PocketBase's keys in its order, its logo after the display name", () => {
    const info = providerAuthInfo(configured('github'));
    expect(Object.keys(info)).toEqual([
      'name',
      'displayName',
      'logo',
      'state',
      'authURL',
      'authUrl',
      'codeVerifier',
      'codeChallenge',
      'codeChallengeMethod',
    ]);
    expect(info.authURL).toBe(
      'https://github.com/login/oauth/authorize?client_id=cid' +
        `&code_challenge=${info.codeChallenge}&code_challenge_method=S256&response_type=code` +
        `&scope=read%3Auser+user%3Aemail&state=${info.state}&redirect_uri=`,
    );
  });

  test('pkce in the config overrides the default both ways; stored URLs override the vendor', () => {
    expect(providerAuthInfo(configured('google', { pkce: false })).codeChallenge).toBe('');
    expect(providerAuthInfo(configured('vk', { pkce: true })).codeChallengeMethod).toBe('S256');
    const custom = providerAuthInfo(
      configured('gitlab', { authURL: 'https://git.example.com/oauth/authorize' }),
    );
    expect(custom.authURL.startsWith('https://git.example.com/oauth/authorize?')).toBe(true);
  });
});

const map = (name: string, raw: Record<string, unknown>, token: Record<string, unknown> = {}) =>
  PROVIDER_DEFINITIONS[name]!.map(raw, token);

describe('user mapping', () => {
  test('google / oidc: sub, name, picture; e-mail only with email_verified', () => {
    const raw = {
      sub: 'g1',
      name: 'Ann',
      email: 'a@x.com',
      email_verified: true,
      picture: 'https://p/a.png',
    };
    expect(map('google', raw)).toEqual({
      id: 'g1',
      name: 'Ann',
      username: '',
      email: 'a@x.com',
      avatarURL: 'https://p/a.png',
    });
    expect(map('google', { ...raw, email_verified: false }).email).toBe('');
    expect(map('oidc', { ...raw, preferred_username: 'ann' }).username).toBe('ann');
  });

  test('github: numeric id, login; the profile e-mail is never trusted (only /user/emails verified)', () => {
    const u = map('github', {
      id: 42,
      login: 'octo',
      name: 'Octo Cat',
      email: 'public@x.com',
      avatar_url: 'https://gh/a',
    });
    expect(u).toEqual({
      id: '42',
      name: 'Octo Cat',
      username: 'octo',
      email: '',
      avatarURL: 'https://gh/a',
    });
  });

  test('gitlab: e-mail only once confirmed', () => {
    const raw = { id: 7, name: 'G', username: 'gl', email: 'g@x.com', avatar_url: 'https://gl/a' };
    expect(map('gitlab', raw).email).toBe('');
    expect(map('gitlab', { ...raw, confirmed_at: '2024-01-01T00:00:00Z' })).toEqual({
      id: '7',
      name: 'G',
      username: 'gl',
      email: 'g@x.com',
      avatarURL: 'https://gl/a',
    });
  });

  test('discord: verified flag, CDN avatar URL, global_name as the name', () => {
    const raw = {
      id: '80',
      username: 'nelly',
      global_name: 'Nelly',
      avatar: 'abc',
      email: 'n@x.com',
      verified: true,
    };
    expect(map('discord', raw)).toEqual({
      id: '80',
      name: 'Nelly',
      username: 'nelly',
      email: 'n@x.com',
      avatarURL: 'https://cdn.discordapp.com/avatars/80/abc.png',
    });
    expect(map('discord', { ...raw, verified: false, avatar: null }).email).toBe('');
    expect(map('discord', { ...raw, avatar: null }).avatarURL).toBe('');
  });

  test('microsoft (Entra ID): Graph /me displayName and mail', () => {
    expect(
      map('microsoft', {
        id: 'ms1',
        displayName: 'M S',
        mail: 'm@corp.com',
        userPrincipalName: 'x',
      }),
    ).toEqual({
      id: 'ms1',
      name: 'M S',
      username: '',
      email: 'm@corp.com',
      avatarURL: '',
    });
  });

  test('facebook: nested picture URL', () => {
    const u = map('facebook', {
      id: 'f1',
      name: 'F',
      email: 'f@x.com',
      picture: { data: { url: 'https://fb/p' } },
    });
    expect(u).toEqual({
      id: 'f1',
      name: 'F',
      username: '',
      email: 'f@x.com',
      avatarURL: 'https://fb/p',
    });
  });

  test('twitch: the first entry of data[]', () => {
    const raw = {
      data: [
        {
          id: 't1',
          login: 'tw',
          display_name: 'Tw',
          email: 't@x.com',
          profile_image_url: 'https://tw/p',
        },
      ],
    };
    expect(map('twitch', raw)).toEqual({
      id: 't1',
      name: 'Tw',
      username: 'tw',
      email: 't@x.com',
      avatarURL: 'https://tw/p',
    });
    expect(PROVIDER_DEFINITIONS.twitch!.userInfoHeaders?.('cid')).toEqual({ 'Client-Id': 'cid' });
  });

  test('spotify: first image; the unverified e-mail is dropped', () => {
    const u = map('spotify', {
      id: 's1',
      display_name: 'S',
      email: 's@x.com',
      images: [{ url: 'https://sp/i' }],
    });
    expect(u).toEqual({ id: 's1', name: 'S', username: '', email: '', avatarURL: 'https://sp/i' });
  });

  test('apple: id_token claims, email_verified as the string "true"', () => {
    expect(PROVIDER_DEFINITIONS.apple!.fromIdToken).toBe(true);
    expect(map('apple', { sub: 'a1', email: 'a@icloud.com', email_verified: 'true' })).toEqual({
      id: 'a1',
      name: '',
      username: '',
      email: 'a@icloud.com',
      avatarURL: '',
    });
    expect(map('apple', { sub: 'a1', email: 'a@icloud.com', email_verified: 'false' }).email).toBe(
      '',
    );
  });

  test('bitbucket: uuid, avatar link, no e-mail', () => {
    const raw = {
      uuid: '{b1}',
      display_name: 'B',
      username: 'bb',
      links: { avatar: { href: 'https://bb/a' } },
    };
    expect(map('bitbucket', raw)).toEqual({
      id: '{b1}',
      name: 'B',
      username: 'bb',
      email: '',
      avatarURL: 'https://bb/a',
    });
  });

  test('linear: GraphQL viewer; an inactive account is refused', () => {
    const viewer = {
      id: 'l1',
      name: 'Lin Ear',
      displayName: 'lin',
      email: 'l@x.com',
      avatarUrl: 'https://li/a',
      active: true,
    };
    expect(map('linear', { data: { viewer } })).toEqual({
      id: 'l1',
      name: 'Lin Ear',
      username: 'lin',
      email: 'l@x.com',
      avatarURL: 'https://li/a',
    });
    expect(() => map('linear', { data: { viewer: { ...viewer, active: false } } })).toThrow();
  });

  test('vk: response[0], e-mail from the token response', () => {
    const raw = {
      response: [
        {
          id: 99,
          first_name: 'Ivan',
          last_name: 'P',
          screen_name: 'ivanp',
          photo_max: 'https://vk/p',
        },
      ],
    };
    expect(map('vk', raw, { email: 'i@vk.com' })).toEqual({
      id: '99',
      name: 'Ivan P',
      username: 'ivanp',
      email: 'i@vk.com',
      avatarURL: 'https://vk/p',
    });
    expect(map('vk', raw).email).toBe('');
    expect(() => map('vk', { response: [] })).toThrow();
  });
});

describe('user fetch (local HTTP server)', () => {
  let api: ReturnType<typeof Bun.serve>;
  let linearViewer: Record<string, unknown> = {};
  const seen: { method: string; auth: string | null; body: string }[] = [];
  beforeAll(() => {
    api = Bun.serve({
      hostname: '127.0.0.1',
      port: 0,
      async fetch(req) {
        const body = await req.text();
        seen.push({ method: req.method, auth: req.headers.get('authorization'), body });
        if (new URL(req.url).pathname === '/graphql')
          return Response.json({ data: { viewer: linearViewer } });
        return Response.json({
          response: [{ id: 5, first_name: 'V', last_name: 'K', screen_name: 'vk5' }],
        });
      },
    });
  });
  afterAll(() => {
    api.stop(true);
  });

  test('linear POSTs the viewer query with the bearer token', async () => {
    linearViewer = { id: 'l2', name: 'L', displayName: 'l', email: 'l2@x.com', active: true };
    const p = configured('linear', { userInfoURL: `${api.url.origin}/graphql` });
    const user = await fetchProviderUser(
      p,
      new OAuth2Tokens({ access_token: 'tok-l', token_type: 'bearer' }),
    );
    expect(user.id).toBe('l2');
    expect(user.email).toBe('l2@x.com');
    const last = seen.at(-1)!;
    expect(last.method).toBe('POST');
    expect(last.auth).toBe('Bearer tok-l');
    expect(JSON.parse(last.body).query).toContain('viewer');
  });

  test('an inactive linear account is a 400 "Failed to fetch OAuth2 user."', async () => {
    linearViewer = { id: 'l3', active: false };
    const p = configured('linear', { userInfoURL: `${api.url.origin}/graphql` });
    const err = await fetchProviderUser(p, new OAuth2Tokens({ access_token: 't' })).catch((e) => e);
    expect(err).toBeInstanceOf(BadRequestError);
    expect((err as BadRequestError).message).toBe('Failed to fetch OAuth2 user.');
  });

  test('vk takes the e-mail from the token response', async () => {
    const p = configured('vk', { userInfoURL: `${api.url.origin}/method/users.get` });
    const user = await fetchProviderUser(
      p,
      new OAuth2Tokens({ access_token: 'tok-v', email: 'v@vk.com' }),
    );
    expect([user.id, user.name, user.username, user.email]).toEqual([
      '5',
      'V K',
      'vk5',
      'v@vk.com',
    ]);
    expect(seen.at(-1)!.method).toBe('GET');
  });
});

describe('avatar address guard', () => {
  test.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['::', true],
    ['fe80::1', true],
    ['fd00::1', true],
    ['::ffff:127.0.0.1', true],
    ['not-an-ip', true],
    ['8.8.8.8', false],
    ['172.32.0.1', false],
    ['2606:4700::1111', false],
  ])('%s private: %p', (ip, expected) => {
    expect(isPrivateAddress(ip)).toBe(expected);
  });
});
