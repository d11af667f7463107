// OAuth2 beyond the basic code flow, against a real provider (oauth2-mock-server): the avatar downloaded
// into a file field (served by a tiny HTTP server here), and Apple's form_post redirect with its `user` name.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'bun:test';
import { OAuth2Server } from 'oauth2-mock-server';
import type PocketBase from 'pocketbase';
import { ALLOW_PRIVATE_ENV } from '../../src/core/auth/oauth2/avatar.ts';
import { installEventSource } from '../realtime/helpers.ts';
import { startServer, type TestServer } from '../support/server.ts';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const REDIRECT = 'http://app.test/oauth2-callback';

let server: TestServer;
let su: PocketBase;
let provider: OAuth2Server;
let avatars: ReturnType<typeof Bun.serve>;
let avatarHits = 0;
/** What the provider's userinfo endpoint answers next. */
let nextUser: Record<string, unknown> = {};
/** Claims merged into the next tokens (Apple's user comes from the id_token). */
let nextClaims: Record<string, unknown> = {};

beforeAll(async () => {
  installEventSource();
  avatars = Bun.serve({
    hostname: '127.0.0.1',
    port: 0,
    fetch(req) {
      avatarHits++;
      const path = new URL(req.url).pathname;
      if (path === '/moved') return Response.redirect('/photo.png', 302);
      if (path === '/photo.png')
        return new Response(PNG, { headers: { 'content-type': 'image/png' } });
      return new Response('no', { status: 404 });
    },
  });
  provider = new OAuth2Server();
  await provider.issuer.keys.generate('RS256');
  await provider.start(0, '127.0.0.1');
  const base = `http://127.0.0.1:${provider.address().port}`;
  provider.service.on('beforeUserinfo', (res: { body: unknown }) => {
    res.body = nextUser;
  });
  provider.service.on('beforeTokenSigning', (token: { payload: Record<string, unknown> }) => {
    Object.assign(token.payload, nextClaims);
  });

  server = await startServer();
  su = await server.superuserClient();
  const endpoints = {
    clientId: 'satchel-client',
    clientSecret: 'satchel-secret',
    authURL: `${base}/authorize`,
    tokenURL: `${base}/token`,
    userInfoURL: `${base}/userinfo`,
  };
  await su.collections.update('users', {
    oauth2: {
      enabled: true,
      providers: [
        { name: 'oidc', ...endpoints },
        { name: 'apple', ...endpoints },
      ],
    },
  });
});
afterAll(async () => {
  await server.stop();
  await provider.stop();
  avatars.stop(true);
});
afterEach(() => {
  delete process.env[ALLOW_PRIVATE_ENV];
});

async function login(user: Record<string, unknown>) {
  nextUser = user;
  const pb = server.client();
  const methods = await pb.collection('users').listAuthMethods();
  const p = methods.oauth2.providers.find((x) => x.name === 'oidc')!;
  const res = await fetch(p.authURL + encodeURIComponent(REDIRECT), { redirect: 'manual' });
  const code = new URL(res.headers.get('location') ?? '').searchParams.get('code') ?? '';
  return pb.collection('users').authWithOAuth2Code('oidc', code, p.codeVerifier, REDIRECT);
}

describe('avatar into the file field', () => {
  test('a new user gets the provider avatar downloaded and stored as a file', async () => {
    process.env[ALLOW_PRIVATE_ENV] = '1';
    const url = `${avatars.url.origin}/moved`;
    const res = await login({
      sub: 'av-1',
      email: 'av1@example.com',
      email_verified: true,
      picture: url,
    });
    expect(res.meta?.avatarURL).toBe(url);
    expect(res.record.avatar).toMatch(/^photo_\w{10}\.png$/);
    const file = await server.fetch(`/api/files/users/${res.record.id}/${res.record.avatar}`);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
  });

  test('an existing user is not re-downloaded', async () => {
    process.env[ALLOW_PRIVATE_ENV] = '1';
    const picture = `${avatars.url.origin}/photo.png`;
    await login({ sub: 'av-2', email: 'av2@example.com', email_verified: true, picture });
    const before = avatarHits;
    const again = await login({
      sub: 'av-2',
      email: 'av2@example.com',
      email_verified: true,
      picture,
    });
    expect(again.meta?.isNew).toBe(false);
    expect(avatarHits).toBe(before);
  });

  test('a loopback avatar URL is refused by default; the login still succeeds without it', async () => {
    const before = avatarHits;
    const res = await login({
      sub: 'av-3',
      email: 'av3@example.com',
      email_verified: true,
      picture: `${avatars.url.origin}/photo.png`,
    });
    expect(res.meta?.isNew).toBe(true);
    expect(res.record.avatar).toBe('');
    expect(avatarHits).toBe(before);
  });

  test('a failing avatar download does not fail the login', async () => {
    process.env[ALLOW_PRIVATE_ENV] = '1';
    const res = await login({
      sub: 'av-4',
      email: 'av4@example.com',
      email_verified: true,
      picture: `${avatars.url.origin}/missing.png`,
    });
    expect(res.record.avatar).toBe('');
  });
});

describe('Apple form_post redirect', () => {
  test('POST /api/oauth2-redirect delivers the code (303) and the `user` name is mapped', async () => {
    nextClaims = { sub: 'apple-1', email: 'apple@example.com', email_verified: 'true' };
    const pb = server.client();
    let status = 0;
    let location = '';
    const res = await pb.collection('users').authWithOAuth2({
      provider: 'apple',
      urlCallback: async (url) => {
        const authURL = new URL(url);
        expect(authURL.searchParams.get('response_mode')).toBe('form_post');
        expect(authURL.searchParams.get('scope')).toBe('name email');
        // The provider's answer, re-sent the way Apple does it: a form POST to the redirect URL.
        const atProvider = await fetch(url, { redirect: 'manual' });
        const back = new URL(atProvider.headers.get('location') ?? '');
        const form = new URLSearchParams({
          state: back.searchParams.get('state') ?? '',
          code: back.searchParams.get('code') ?? '',
          user: JSON.stringify({ name: { firstName: 'Ann', lastName: 'Apple' }, email: 'x' }),
        });
        const posted = await fetch(`${back.origin}${back.pathname}`, {
          method: 'POST',
          body: form,
          redirect: 'manual',
        });
        status = posted.status;
        location = posted.headers.get('location') ?? '';
      },
    });
    nextClaims = {};
    expect(status).toBe(303);
    expect(location).toBe('../_/#/auth/oauth2-redirect-success');
    expect(res.meta?.id).toBe('apple-1');
    expect(res.meta?.name).toBe('Ann Apple');
    expect(res.record.name).toBe('Ann Apple');
    expect(res.record.email).toBe('apple@example.com');
    expect(res.record.verified).toBe(true);
  });

  test('a form POST with an unknown state or an error answers 303 to the failure page', async () => {
    for (const fields of [
      { state: 'nobody', code: 'c' },
      { state: 'nobody', error: 'user_cancelled_authorize' },
      {},
    ]) {
      const res = await server.fetch('/api/oauth2-redirect', {
        method: 'POST',
        body: new URLSearchParams(fields as Record<string, string>),
        redirect: 'manual',
      });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe('../_/#/auth/oauth2-redirect-failure');
    }
  });
});
