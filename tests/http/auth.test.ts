// Auth endpoints through the official SDK and fetch: password login, refresh, auth-methods, token handling.
import { Database } from 'bun:sqlite';
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { ClientResponseError } from 'pocketbase';
import { createAuthToken } from '../../src/core/auth/tokens/tokens.ts';
import { describeWithFixture } from '../support/fixture.ts';
import {
  copyFixture,
  FIXTURE_PASSWORD,
  FIXTURE_TOKENS,
  startServer,
  TEST_SUPERUSER,
  type TestServer,
} from '../support/server.ts';

const SUPERUSER_ID = 'sywbhecnh46rhm0';
const USER_ID = '4q1xlclmfloku33';

async function expectError(p: Promise<unknown>, status: number, message?: string) {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ClientResponseError);
    const e = err as ClientResponseError;
    expect(e.status).toBe(status);
    if (message) expect(e.response.message).toBe(message);
    return e.response as Record<string, unknown>;
  }
  throw new Error(`expected a ${status} error`);
}

/** Edits the copied fixture before a server opens it (never the shared fixture itself). */
function editCopy(dir: string, ...statements: string[]): void {
  const db = new Database(join(dir, 'data.db'));
  for (const s of statements) db.run(s);
  db.close();
}

async function healthData(server: TestServer, authorization: string) {
  const res = await server.fetch('/api/health', { headers: { authorization } });
  expect(res.status).toBe(200);
  return ((await res.json()) as { data: Record<string, unknown> }).data;
}

describe('fresh data dir', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  test('superuser logs in, is a superuser in the SDK, and refreshes', async () => {
    const pb = server.client();
    const res = await pb
      .collection('_superusers')
      .authWithPassword(TEST_SUPERUSER.email, TEST_SUPERUSER.password);
    expect(res.token.split('.')).toHaveLength(3);
    expect(res.record.email).toBe(TEST_SUPERUSER.email);
    expect(res.record.collectionName).toBe('_superusers');
    expect(res.record).not.toHaveProperty('password');
    expect(res.record).not.toHaveProperty('tokenKey');
    expect(pb.authStore.isSuperuser).toBe(true);
    expect(pb.authStore.isValid).toBe(true);

    const header = JSON.parse(atob(res.token.split('.')[0]!));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = JSON.parse(atob(res.token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')));
    expect(Object.keys(claims).sort()).toEqual([
      'collectionId',
      'exp',
      'id',
      'refreshable',
      'type',
    ]);
    expect(claims.type).toBe('auth');
    expect(claims.refreshable).toBe(true);

    const refreshed = await pb.collection('_superusers').authRefresh();
    expect(refreshed.record.id).toBe(res.record.id);
    expect(refreshed.token.split('.')).toHaveLength(3);
    expect(pb.authStore.isSuperuser).toBe(true);
  });

  test('wrong password and unknown identity look the same', async () => {
    const pb = server.client();
    for (const [identity, password] of [
      [TEST_SUPERUSER.email, 'wrong-password'],
      ['nobody@example.com', TEST_SUPERUSER.password],
    ] as const) {
      const body = await expectError(
        pb.collection('_superusers').authWithPassword(identity, password),
        400,
        'Failed to authenticate.',
      );
      expect(body.data).toEqual({});
    }
  });

  test('body validation', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ password: 'x' }, 'identity', 'validation_required'],
      [{ identity: 'a@b.c' }, 'password', 'validation_required'],
      [{ identity: 'x'.repeat(256), password: 'x' }, 'identity', 'validation_length_out_of_range'],
      [
        { identity: 'a@b.c', password: 'x', identityField: 'name' },
        'identityField',
        'validation_in_invalid',
      ],
    ];
    for (const [body, field, code] of cases) {
      const res = await server.fetch('/api/collections/_superusers/auth-with-password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as {
        message: string;
        data: Record<string, { code: string }>;
      };
      expect(json.message).toBe('An error occurred while validating the submitted data.');
      expect(json.data[field]?.code).toBe(code);
    }
  });

  test('a non-refreshable token is returned unchanged by auth-refresh', async () => {
    const core = server.app.core;
    const collection = core.collections.require('_superusers');
    const pb = server.client();
    const res = await pb
      .collection('_superusers')
      .authWithPassword(TEST_SUPERUSER.email, TEST_SUPERUSER.password);
    const record = core.store.reader.get<Record<string, unknown> & { id: string }>(
      'SELECT * FROM _superusers WHERE id = ?',
      [res.record.id],
    )!;
    const token = await createAuthToken(core, collection, record, {
      refreshable: false,
      duration: 60,
    });
    const r = await server.fetch('/api/collections/_superusers/auth-refresh', {
      method: 'POST',
      headers: { authorization: token },
    });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { token: string }).token).toBe(token);
  });

  // What PocketBase 0.40.4 answers (users with createRule '' and updateRule `id = @request.auth.id`):
  // its record form (password, passwordConfirm, oldPassword; e-mail and verified unchanged
  // unless a manager) is checked first and its errors come alone; the fields' own checks
  // (e-mail format, password length, name length) only once it passes.
  test('auth record create/update: the form errors first, alone, as PocketBase reports them', async () => {
    const su = await server.superuserClient();
    await su.collections.update('users', { createRule: '', updateRule: 'id = @request.auth.id' });
    await su.collection('users').create({
      email: 'form@example.com',
      password: '12345678',
      passwordConfirm: '12345678',
    });
    const user = server.client();
    await user.collection('users').authWithPassword('form@example.com', '12345678');
    const id = user.authStore.record!.id;
    const mismatch = { code: 'validation_values_mismatch', message: "Values don't match." };
    const blank = { code: 'validation_required', message: 'Cannot be blank.' };
    const cases: [
      string,
      'guest' | 'superuser' | 'user',
      string,
      Record<string, unknown>,
      object,
    ][] = [
      [
        'create: bad e-mail, passwords differ',
        'guest',
        '',
        { email: 'bad', password: '12345678', passwordConfirm: '8' },
        { passwordConfirm: mismatch },
      ],
      [
        'create: bad e-mail, no confirm',
        'superuser',
        '',
        { email: 'bad', password: '12345678' },
        { passwordConfirm: blank },
      ],
      ['create: empty', 'superuser', '', {}, { password: blank, passwordConfirm: blank }],
      [
        'create: taken e-mail, passwords differ',
        'superuser',
        '',
        { email: 'form@example.com', password: '12345678', passwordConfirm: '87654321' },
        { passwordConfirm: mismatch },
      ],
      [
        'create: verified by a guest, bad e-mail',
        'guest',
        '',
        { email: 'bad', verified: true, password: '12345678', passwordConfirm: '12345678' },
        { verified: mismatch },
      ],
      [
        'create: short password, bad e-mail (form passes)',
        'guest',
        '',
        { email: 'bad', password: '1234', passwordConfirm: '1234' },
        {
          email: { code: 'validation_is_email', message: 'Must be a valid email address.' },
          password: {
            code: 'validation_min_text_constraint',
            message: 'Must be at least 8 character(s).',
          },
        },
      ],
      [
        'update: bad e-mail, passwords differ',
        'superuser',
        id,
        { email: 'bad', password: '12345678', passwordConfirm: '87654321' },
        { passwordConfirm: mismatch },
      ],
      [
        'update: short password, passwords differ',
        'superuser',
        id,
        { password: '123', passwordConfirm: '87654321' },
        { passwordConfirm: mismatch },
      ],
      [
        'update: own e-mail, passwords differ',
        'user',
        id,
        { email: 'new@example.com', password: '12345678', passwordConfirm: '8' },
        { email: mismatch, oldPassword: blank, passwordConfirm: mismatch },
      ],
      [
        'update: wrong old password, name too long',
        'user',
        id,
        {
          password: '87654321',
          passwordConfirm: '87654321',
          oldPassword: 'nope',
          name: 'x'.repeat(300),
        },
        {
          oldPassword: {
            code: 'validation_invalid_old_password',
            message: 'Missing or invalid old password.',
          },
        },
      ],
    ];
    for (const [name, caller, recordId, body, data] of cases) {
      const authorization =
        caller === 'superuser' ? su.authStore.token : caller === 'user' ? user.authStore.token : '';
      const res = await server.fetch(
        `/api/collections/users/records${recordId ? `/${recordId}` : ''}`,
        {
          method: recordId ? 'PATCH' : 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify(body),
        },
      );
      const answer = (await res.json()) as { data: object; message: string };
      expect([name, res.status, answer.message, answer.data]).toEqual([
        name,
        400,
        recordId ? 'Failed to update record.' : 'Failed to create record.',
        data,
      ]);
    }
  });
});

describeWithFixture('PocketBase fixture', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dir: copyFixture() });
  });
  afterAll(() => server.stop());

  test('fixture superuser logs in', async () => {
    const pb = server.client();
    const res = await pb
      .collection('_superusers')
      .authWithPassword('test@example.com', FIXTURE_PASSWORD);
    expect(res.record.id).toBe(SUPERUSER_ID);
    expect(pb.authStore.isSuperuser).toBe(true);
  });

  test('disabled password auth → 403', async () => {
    await expectError(
      server.client().collection('nologin').authWithPassword('test@example.com', FIXTURE_PASSWORD),
      403,
      'The collection is not configured to allow password authentication.',
    );
  });

  test('users has MFA on: the password step answers 401 {mfaId}', async () => {
    for (const identity of ['test@example.com', 'users75657']) {
      const res = await server.fetch('/api/collections/users/auth-with-password', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ identity, password: FIXTURE_PASSWORD }),
      });
      expect(res.status).toBe(401);
      const body = (await res.json()) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['mfaId']);
      const row = server.app.core.store.reader.get<{ recordRef: string; method: string }>(
        'SELECT recordRef, method FROM _mfas WHERE id = ?',
        [body.mfaId as string],
      );
      expect(row).toEqual({ recordRef: USER_ID, method: 'password' });
    }
  });

  test('MFA: the same method again, or an unknown mfaId, is refused', async () => {
    const pb = server.client();
    const first = await expectError(
      pb.collection('users').authWithPassword('test@example.com', FIXTURE_PASSWORD),
      401,
    );
    await expectError(
      pb.collection('users').authWithPassword('test@example.com', FIXTURE_PASSWORD, {
        mfaId: first.mfaId as string,
      }),
      400,
      'A different authentication method is required.',
    );
    await expectError(
      pb.collection('users').authWithPassword('test@example.com', FIXTURE_PASSWORD, {
        mfaId: 'unknown12345678',
      }),
      400,
      'Invalid or expired MFA session.',
    );
    // A wrong password never reaches MFA.
    await expectError(
      pb.collection('users').authWithPassword('test@example.com', 'wrong-password'),
      400,
      'Failed to authenticate.',
    );
  });

  test('clients: authRule `verified=true` admits verified records only', async () => {
    const pb = server.client();
    const ok = await pb.collection('clients').authWithPassword('clients57772', FIXTURE_PASSWORD);
    expect(ok.record.email).toBe('test@example.com');
    expect(ok.record.collectionName).toBe('clients');
    expect(pb.authStore.isSuperuser).toBe(false);
    await expectError(
      server.client().collection('clients').authWithPassword('test2@example.com', FIXTURE_PASSWORD),
      403,
      "The request doesn't satisfy the collection requirements to authenticate.",
    );
  });

  test('pre-made fixture tokens authenticate (raw, Bearer, bearer)', async () => {
    const t = FIXTURE_TOKENS.superuser;
    for (const header of [t, `Bearer ${t}`, `bearer ${t}`]) {
      expect((await healthData(server, header)).canBackup).toBe(true);
    }
    expect(await healthData(server, FIXTURE_TOKENS.user)).toEqual({});
  });

  test('expired, forged, alg=none and HS512 tokens are treated as guests', async () => {
    const core = server.app.core;
    const su = core.collections.require('_superusers');
    const tokenKey = core.store.reader.get<{ tokenKey: string }>(
      'SELECT tokenKey FROM _superusers WHERE id = ?',
      [SUPERUSER_ID],
    )!.tokenKey;
    const key = new TextEncoder().encode(tokenKey + su.auth!.authToken.secret);
    const claims = { id: SUPERUSER_ID, type: 'auth', collectionId: su.id, refreshable: true };
    const sign = (alg: string, k: Uint8Array, exp: number) =>
      new SignJWT({ ...claims, exp }).setProtectedHeader({ alg, typ: 'JWT' }).sign(k);
    const future = Math.floor(Date.now() / 1000) + 3600;

    const valid = await sign('HS256', key, future);
    expect((await healthData(server, valid)).canBackup).toBe(true); // the control

    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const bad = [
      await sign('HS256', key, Math.floor(Date.now() / 1000) - 10),
      await sign('HS256', new TextEncoder().encode('wrong-key'), future),
      await sign('HS512', key, future),
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: future })}.`,
      `${valid.slice(0, -2)}${valid.endsWith('AA') ? 'BB' : 'AA'}`,
      await sign('HS256', key, future).then((t) => t.replace(/^[^.]+/, b64({ alg: 'HS256' }))),
      'not-a-jwt',
    ];
    for (const [i, token] of bad.entries()) {
      // The header-swap case keeps a valid signature only if the header is unchanged; it isn't.
      expect([i, await healthData(server, token)]).toEqual([i, {}]);
    }
    // A file token is not an auth token.
    const fileToken = await new SignJWT({
      id: SUPERUSER_ID,
      type: 'file',
      collectionId: su.id,
      exp: future,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(tokenKey + su.auth!.fileToken.secret));
    expect(await healthData(server, fileToken)).toEqual({});
  });

  test('a changed tokenKey invalidates the record tokens', async () => {
    const dir = copyFixture();
    const other = await startServer({ dir });
    try {
      expect((await healthData(other, FIXTURE_TOKENS.superuser)).canBackup).toBe(true);
      await other.app.core.store.writes.run((tx) =>
        tx.run("UPDATE _superusers SET tokenKey = 'rotated-key' WHERE id = ?", [SUPERUSER_ID]),
      );
      expect(await healthData(other, FIXTURE_TOKENS.superuser)).toEqual({});
    } finally {
      await other.stop();
    }
  });

  test('auth-refresh guards', async () => {
    const refresh = (collection: string, authorization?: string) =>
      server.fetch(`/api/collections/${collection}/auth-refresh`, {
        method: 'POST',
        headers: authorization ? { authorization } : {},
      });
    let res = await refresh('users');
    expect(res.status).toBe(401);
    expect(((await res.json()) as { message: string }).message).toBe(
      'The request requires valid record authorization token.',
    );
    res = await refresh('clients', FIXTURE_TOKENS.user);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toBe(
      'The request requires auth record from users collection.',
    );
    res = await refresh('missing', FIXTURE_TOKENS.user);
    expect(res.status).toBe(404);
    res = await refresh('users', FIXTURE_TOKENS.user);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; record: Record<string, unknown> };
    expect(body.record.id).toBe(USER_ID);
    expect(body.record.email).toBe('test@example.com');
    expect(body.token).not.toBe(FIXTURE_TOKENS.user); // refreshable → a new token
  });

  test('auth-methods', async () => {
    const pb = server.client();
    const users = await pb.collection('users').listAuthMethods();
    expect(users.password).toEqual({ identityFields: ['email', 'username'], enabled: true });
    expect(users.mfa).toEqual({ enabled: true, duration: 1800 });
    expect(users.otp).toEqual({ enabled: true, duration: 300 });
    expect(users.oauth2.enabled).toBe(true);

    // What the SDK asks for: the picker drops the legacy keys.
    const picked = await server.fetch(
      '/api/collections/users/auth-methods?fields=mfa,otp,password,oauth2',
    );
    expect(picked.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Object.keys((await picked.json()) as object).sort()).toEqual([
      'mfa',
      'oauth2',
      'otp',
      'password',
    ]);

    const res = await server.fetch('/api/collections/nologin/auth-methods');
    expect(await res.json()).toEqual({
      password: { identityFields: [], enabled: false },
      oauth2: { providers: [], enabled: false },
      mfa: { enabled: false, duration: 0 },
      otp: { enabled: false, duration: 0 },
      authProviders: null,
      usernamePassword: false,
      emailPassword: false,
    });
    const notFound: [string, string][] = [
      ['demo1', 'Missing or invalid auth collection context.'],
      ['missing', 'Missing or invalid collection context.'],
    ];
    for (const [name, message] of notFound) {
      const r = await server.fetch(`/api/collections/${name}/auth-methods`);
      expect(r.status).toBe(404);
      expect(((await r.json()) as { message: string }).message).toBe(message);
    }
  });
});

describeWithFixture('fixture with MFA off and edited identity indexes', () => {
  let server: TestServer;
  beforeAll(async () => {
    const dir = copyFixture();
    editCopy(
      dir,
      `UPDATE _collections SET options = json_set(options, '$.mfa.enabled', json('false')) WHERE name = 'users'`,
      // username lookups become case-insensitive through the index collation (auth.md §3).
      `UPDATE _collections SET indexes = replace(indexes, 'ON \`users\` (username)', 'ON \`users\` (username COLLATE NOCASE)') WHERE name = 'users'`,
      `UPDATE _collections SET options = json_set(options, '$.authRule', json('null')) WHERE name = 'clients'`,
    );
    server = await startServer({ dir });
  });
  afterAll(() => server.stop());

  test('users log in by email and by username', async () => {
    for (const identity of ['test@example.com', 'users75657', 'USERS75657']) {
      const pb = server.client();
      const res = await pb.collection('users').authWithPassword(identity, FIXTURE_PASSWORD);
      expect(res.record.id).toBe(USER_ID);
      expect(res.record.email).toBe('test@example.com');
      expect(pb.authStore.isSuperuser).toBe(false);
      expect(await healthData(server, res.token)).toEqual({});
    }
  });

  test('email matching stays exact without NOCASE; identityField restricts the lookup', async () => {
    await expectError(
      server.client().collection('users').authWithPassword('TEST@example.com', FIXTURE_PASSWORD),
      400,
      'Failed to authenticate.',
    );
    await expectError(
      server
        .client()
        .collection('users')
        .authWithPassword('users75657', FIXTURE_PASSWORD, {
          // The SDK's `body` option replaces its own body, so the credentials go in again.
          body: { identity: 'users75657', password: FIXTURE_PASSWORD, identityField: 'email' },
        }),
      400,
      'Failed to authenticate.',
    );
    const res = await server
      .client()
      .collection('users')
      .authWithPassword('users75657', FIXTURE_PASSWORD, {
        body: { identity: 'users75657', password: FIXTURE_PASSWORD, identityField: 'username' },
      });
    expect(res.record.id).toBe(USER_ID);
  });

  test('a null authRule admits only superuser requesters', async () => {
    await expectError(
      server.client().collection('clients').authWithPassword('clients57772', FIXTURE_PASSWORD),
      403,
    );
    const pb = server.client();
    pb.authStore.save(FIXTURE_TOKENS.superuser);
    const res = await pb.collection('clients').authWithPassword('clients57772', FIXTURE_PASSWORD);
    expect(res.record.username).toBe('clients57772');
  });

  test('?fields= applies to auth responses', async () => {
    const res = await server.fetch(
      '/api/collections/clients/auth-with-password?fields=record.email',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: FIXTURE_TOKENS.superuser },
        body: JSON.stringify({ identity: 'clients57772', password: FIXTURE_PASSWORD }),
      },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ record: { email: 'test@example.com' } });
  });
});
