// OAuth2 against a real OIDC provider (oauth2-mock-server): code flow, SDK popup flow, record resolution, takeover guards.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { OAuth2Server } from 'oauth2-mock-server';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { installEventSource } from '../realtime/helpers.ts';
import { startServer, type TestServer } from '../support/server.ts';

async function failure(p: Promise<unknown>): Promise<ClientResponseError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ClientResponseError);
    return err as ClientResponseError;
  }
  throw new Error('expected the request to fail');
}

let server: TestServer;
let su: PocketBase;
let provider: OAuth2Server;
let base: string;
/** What the provider's userinfo endpoint answers next. */
let nextUser: Record<string, unknown> = {};
/** code → redirect_uri it was issued for: the mock enforces it at the token endpoint like a real provider. */
const issuedFor = new Map<string, string>();
const REDIRECT = 'http://app.test/oauth2-callback';

beforeAll(async () => {
  installEventSource();
  provider = new OAuth2Server();
  await provider.issuer.keys.generate('RS256');
  await provider.start(0, '127.0.0.1');
  const addr = provider.address();
  base = `http://127.0.0.1:${addr.port}`;
  provider.service.on('beforeUserinfo', (res: { body: unknown }) => {
    res.body = nextUser;
  });
  provider.service.on(
    'beforeAuthorizeRedirect',
    (redirect: { url: URL }, req: { url?: string }) => {
      const q = new URL(req.url ?? '', base).searchParams;
      issuedFor.set(redirect.url.searchParams.get('code') ?? '', q.get('redirect_uri') ?? '');
    },
  );
  provider.service.on(
    'beforeResponse',
    (res: { body: unknown; statusCode: number }, req: { body?: Record<string, string> }) => {
      const code = req.body?.code;
      if (code === undefined) return;
      if (issuedFor.get(code) !== req.body?.redirect_uri) {
        res.statusCode = 400;
        res.body = { error: 'invalid_grant', error_description: 'redirect_uri mismatch' };
      }
      issuedFor.delete(code);
    },
  );

  server = await startServer();
  su = await server.superuserClient();
  await su.collections.update('users', {
    oauth2: {
      enabled: true,
      providers: [
        {
          name: 'oidc',
          clientId: 'satchel-client',
          clientSecret: 'satchel-secret',
          authURL: `${base}/authorize`,
          tokenURL: `${base}/token`,
          userInfoURL: `${base}/userinfo`,
        },
      ],
    },
  });
});
afterAll(async () => {
  await server.stop();
  await provider.stop();
});

/** The manual code flow up to the redirect: the app's own page would receive `code` and `state`. */
async function authorize(pb: PocketBase, redirect = REDIRECT) {
  const methods = await pb.collection('users').listAuthMethods();
  const p = methods.oauth2.providers[0]!;
  const res = await fetch(p.authURL + encodeURIComponent(redirect), { redirect: 'manual' });
  const location = new URL(res.headers.get('location') ?? '');
  expect(location.searchParams.get('state')).toBe(p.state);
  return { code: location.searchParams.get('code') ?? '', verifier: p.codeVerifier };
}

async function login(user: Record<string, unknown>, createData: Record<string, unknown> = {}) {
  nextUser = user;
  const pb = server.client();
  const { code, verifier } = await authorize(pb);
  const res = await pb
    .collection('users')
    .authWithOAuth2Code('oidc', code, verifier, REDIRECT, createData);
  return { pb, res };
}

async function newUser(email: string, password: string, verified = false) {
  const rec = await su
    .collection('users')
    .create({ email, password, passwordConfirm: password, verified });
  return rec.id as string;
}

describe('auth-methods', () => {
  test('providers carry a fresh state and an S256 PKCE pair; authURL ends with &redirect_uri=', async () => {
    const pb = server.client();
    const a = await pb.collection('users').listAuthMethods();
    const b = await pb.collection('users').listAuthMethods();
    const p = a.oauth2.providers[0]!;
    expect(a.oauth2.enabled).toBe(true);
    expect(p.name).toBe('oidc');
    expect(p.state).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(p.state).not.toBe(b.oauth2.providers[0]!.state);
    expect(p.codeVerifier).toHaveLength(43);
    expect(p.codeChallenge).toBe(createHash('sha256').update(p.codeVerifier).digest('base64url'));
    expect(p.codeChallengeMethod).toBe('S256');
    expect(p.authURL.endsWith('&redirect_uri=')).toBe(true);
    const url = new URL(p.authURL);
    expect(url.searchParams.get('client_id')).toBe('satchel-client');
    expect(url.searchParams.get('scope')).toBe('openid email profile');
    expect(url.searchParams.get('code_challenge')).toBe(p.codeChallenge);
    expect(p).not.toHaveProperty('clientSecret');
  });
});

describe('code flow', () => {
  test('a new identity creates a verified user with mapped fields, a link, and meta', async () => {
    const { pb, res } = await login(
      {
        sub: 'ann-1',
        email: 'ann@example.com',
        email_verified: true,
        name: 'Ann',
        preferred_username: 'ann',
      },
      { emailVisibility: true },
    );
    expect(res.meta?.isNew).toBe(true);
    expect(res.meta?.id).toBe('ann-1');
    expect(res.meta?.accessToken).toBeTruthy();
    expect(res.record.email).toBe('ann@example.com');
    expect(res.record.verified).toBe(true);
    expect(res.record.name).toBe('Ann');
    expect(res.record.emailVisibility).toBe(true);
    const links = await pb.collection('users').listExternalAuths(res.record.id);
    expect(links.map((l) => [l.provider, l.providerId])).toEqual([['oidc', 'ann-1']]);

    const again = await login({ sub: 'ann-1', email: 'ann@example.com', email_verified: true });
    expect(again.res.record.id).toBe(res.record.id);
    expect(again.res.meta?.isNew).toBe(false);

    expect(await pb.collection('users').unlinkExternalAuth(res.record.id, 'oidc')).toBe(true);
    expect(await pb.collection('users').listExternalAuths(res.record.id)).toEqual([]);
  });

  test('a verified provider e-mail logs into the matching account and locks out its pre-set password', async () => {
    const id = await newUser('pre@example.com', 'attacker-set-pw');
    const { res } = await login({ sub: 'pre-1', email: 'pre@example.com', email_verified: true });
    expect(res.record.id).toBe(id);
    expect(res.record.verified).toBe(true);
    const e = await failure(
      server.client().collection('users').authWithPassword('pre@example.com', 'attacker-set-pw'),
    );
    expect(e.status).toBe(400);
  });

  test('a logged-in user links a new identity to their own account', async () => {
    await newUser('linker@example.com', 'linker-password', true);
    const pb = server.client();
    await pb.collection('users').authWithPassword('linker@example.com', 'linker-password');
    nextUser = { sub: 'linker-gh', email: 'other-address@example.com', email_verified: true };
    const { code, verifier } = await authorize(pb);
    const res = await pb.collection('users').authWithOAuth2Code('oidc', code, verifier, REDIRECT);
    expect(res.record.email).toBe('linker@example.com');
    expect(res.meta?.isNew).toBe(false);
  });
});

describe('attacks', () => {
  test('an unverified provider e-mail never links to the existing account', async () => {
    const victim = await newUser('victim@example.com', 'victim-password', true);
    nextUser = { sub: 'evil-1', email: 'victim@example.com', email_verified: false };
    const pb = server.client();
    const { code, verifier } = await authorize(pb);
    try {
      const res = await pb.collection('users').authWithOAuth2Code('oidc', code, verifier, REDIRECT);
      expect(res.record.id).not.toBe(victim);
    } catch (err) {
      expect((err as ClientResponseError).status).toBe(400);
    }
    expect(await su.collection('users').listExternalAuths(victim)).toEqual([]);
    await server
      .client()
      .collection('users')
      .authWithPassword('victim@example.com', 'victim-password');
  });

  test('a linked unverified account without an e-mail becomes verified (nothing left to prove)', async () => {
    const users = await su.collections.getOne('users');
    const fields = users.fields;
    await su.collections.update('users', {
      fields: fields.map((f) => (f.name === 'email' ? { ...f, required: false } : f)),
    });
    try {
      const rec = await su
        .collection('users')
        .create({ password: 'no-email-pass', passwordConfirm: 'no-email-pass' });
      expect(rec.verified).toBe(false);
      await su.collection('_externalAuths').create({
        collectionRef: users.id,
        recordRef: rec.id,
        provider: 'oidc',
        providerId: 'no-email-sub',
      });
      const { res } = await login({ sub: 'no-email-sub', name: 'No Mail' });
      expect([res.record.id, res.record.verified, res.record.email]).toEqual([rec.id, true, '']);
    } finally {
      await su.collections.update('users', { fields });
    }
  });

  test('createData.email of an existing account neither links nor takes it over', async () => {
    const victim = await newUser('victim2@example.com', 'victim2-password', true);
    const e = await failure(
      login(
        { sub: 'evil-2', email: 'attacker@example.com', email_verified: true },
        { email: 'victim2@example.com' },
      ),
    );
    expect(e.status).toBe(400);
    expect(await su.collection('users').listExternalAuths(victim)).toEqual([]);
    await server
      .client()
      .collection('users')
      .authWithPassword('victim2@example.com', 'victim2-password');
  });

  test('a createData.email that differs from the provider e-mail is never marked verified', async () => {
    const { res } = await login(
      { sub: 'evil-3', email: 'real@example.com', email_verified: true },
      { email: 'claimed@example.com' },
    );
    expect(res.record.email).toBe('claimed@example.com');
    expect(res.record.verified).toBe(false);
  });

  test('a reused code is refused', async () => {
    nextUser = { sub: 'reuse-1', email: 'reuse@example.com', email_verified: true };
    const pb = server.client();
    const { code, verifier } = await authorize(pb);
    await pb.collection('users').authWithOAuth2Code('oidc', code, verifier, REDIRECT);
    const e = await failure(
      pb.collection('users').authWithOAuth2Code('oidc', code, verifier, REDIRECT),
    );
    expect(e.response.message).toBe('Failed to fetch OAuth2 token.');
  });

  test('a redirect URL other than the one the code was issued for is refused', async () => {
    nextUser = { sub: 'redir-1', email: 'redir@example.com', email_verified: true };
    const pb = server.client();
    const { code, verifier } = await authorize(pb);
    const e = await failure(
      pb.collection('users').authWithOAuth2Code('oidc', code, verifier, 'https://evil.test/steal'),
    );
    expect(e.response.message).toBe('Failed to fetch OAuth2 token.');
  });

  test('a wrong PKCE verifier is refused; unknown provider and missing code are 400', async () => {
    nextUser = { sub: 'pkce-1', email: 'pkce@example.com', email_verified: true };
    const pb = server.client();
    const { code } = await authorize(pb);
    const e = await failure(
      pb.collection('users').authWithOAuth2Code('oidc', code, 'x'.repeat(43), REDIRECT),
    );
    expect(e.response.message).toBe('Failed to fetch OAuth2 token.');
    const p = await failure(
      pb.collection('users').authWithOAuth2Code('github', 'c', 'v', REDIRECT),
    );
    expect(p.response.data.provider.code).toBe('validation_invalid_provider');
    const c = await failure(pb.collection('users').authWithOAuth2Code('oidc', '', 'v', REDIRECT));
    expect(c.response.data.code.code).toBe('validation_required');
    const off = await failure(
      pb.collection('_superusers').authWithOAuth2Code('oidc', 'c', 'v', REDIRECT),
    );
    expect(off.status).toBe(403);
  });

  test('oauth2-redirect with an unknown state redirects to the failure page and delivers nothing', async () => {
    const res = await server.fetch('/api/oauth2-redirect?state=not-a-client&code=abc', {
      redirect: 'manual',
    });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toBe('../_/#/auth/oauth2-redirect-failure');
  });
});

describe('SDK all-in-one flow over realtime', () => {
  test('authWithOAuth2: popup URL → provider → /api/oauth2-redirect → @oauth2 event → login', async () => {
    nextUser = { sub: 'popup-1', email: 'popup@example.com', email_verified: true, name: 'Pop' };
    const pb = server.client();
    let redirectStatus = 0;
    const res = await pb.collection('users').authWithOAuth2({
      provider: 'oidc',
      urlCallback: async (url) => {
        // The "popup": the provider redirects to our bridge, which answers with a redirect of its own.
        const atProvider = await fetch(url, { redirect: 'manual' });
        const bridge = atProvider.headers.get('location') ?? '';
        expect(bridge.startsWith(`${server.url}/api/oauth2-redirect?`)).toBe(true);
        const done = await fetch(bridge, { redirect: 'manual' });
        redirectStatus = done.status;
        expect(done.headers.get('location')).toBe('../_/#/auth/oauth2-redirect-success');
      },
    });
    expect(redirectStatus).toBe(307);
    expect(res.record.email).toBe('popup@example.com');
    expect(res.meta?.isNew).toBe(true);
    expect(pb.authStore.isValid).toBe(true);
  });
});
