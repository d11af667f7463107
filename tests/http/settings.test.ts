// /api/settings through the SDK and fetch: masking, deep-merge patches, validation codes, BLOB storage, guards.

import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { jwtVerify } from 'jose';
import type { ClientResponseError } from 'pocketbase';
import { describeWithFixture } from '../support/fixture.ts';
import { copyFixture, FIXTURE_TOKENS, startServer, type TestServer } from '../support/server.ts';

async function status(p: Promise<unknown>): Promise<[number, Record<string, unknown>]> {
  try {
    await p;
    return [200, {}];
  } catch (err) {
    const e = err as ClientResponseError;
    return [e.status, e.response as Record<string, unknown>];
  }
}

/** SQLite keeps the row a BLOB, as PocketBase; PostgreSQL's `_params.value` is JSON. */
const storedAs = (server: TestServer) =>
  server.app.core.store.reader.engine === 'postgres' ? 'object' : 'blob';

function storedRow(server: TestServer) {
  const pg = server.app.core.store.reader.engine === 'postgres';
  return server.app.core.store.reader.get<{ t: string; v: string }>(
    `SELECT ${pg ? 'json_typeof(value)' : 'typeof(value)'} AS t, CAST(value AS TEXT) AS v FROM _params WHERE id = 'settings'`,
  );
}

describe('fresh data dir', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  test('defaults, with secrets masked', async () => {
    const pb = await server.superuserClient();
    const s = (await pb.settings.getAll()) as Record<string, Record<string, unknown>>;
    expect(s.meta).toEqual({
      appName: 'Acme',
      appURL: 'http://localhost:8090',
      senderName: 'Support',
      senderAddress: 'support@example.com',
      hideControls: false,
      accentColor: '#1055c9',
    });
    expect(s.smtp).not.toHaveProperty('password');
    expect(s.s3).not.toHaveProperty('secret');
    expect(s.backups!.s3).not.toHaveProperty('secret');
    expect(s.batch).toEqual({ enabled: false, maxRequests: 50, timeout: 3, maxBodySize: 0 });
    expect(s.superuserIPs as unknown).toEqual([]);
  });

  test('patch deep-merges, stores a JSON BLOB with secrets, answers masked', async () => {
    const pb = await server.superuserClient();
    const res = (await pb.settings.update({
      meta: { appName: 'Satchel test' },
      smtp: { password: 'smtp-secret' },
      s3: { secret: 's3-secret' },
    })) as Record<string, Record<string, unknown>>;
    expect(res.meta!.appName).toBe('Satchel test');
    expect(res.meta!.appURL).toBe('http://localhost:8090');
    expect(res.smtp).not.toHaveProperty('password');
    expect(res.s3).not.toHaveProperty('secret');
    const row = storedRow(server)!;
    expect(row.t).toBe(storedAs(server));
    const stored = JSON.parse(row.v);
    expect(stored.meta.appName).toBe('Satchel test');
    expect(stored.smtp.password).toBe('smtp-secret');
    expect(stored.s3.secret).toBe('s3-secret');

    // A later patch keeps what it does not mention (secrets included).
    await pb.settings.update({ logs: { maxDays: 9 } });
    const again = JSON.parse(storedRow(server)!.v);
    expect(again.meta.appName).toBe('Satchel test');
    expect(again.smtp.password).toBe('smtp-secret');
    expect(again.logs.maxDays).toBe(9);
    expect(((await pb.settings.getAll()) as { logs: { maxDays: number } }).logs.maxDays).toBe(9);
  });

  test('settings survive a restart', async () => {
    const pb = await server.superuserClient();
    await pb.settings.update({ meta: { appName: 'Persisted' } });
    await server.stop(true);
    server = await startServer({ dir: server.dir, noSuperuser: true });
    const again = await server.superuserClient();
    expect(((await again.settings.getAll()) as { meta: { appName: string } }).meta.appName).toBe(
      'Persisted',
    );
  });

  test.each([
    [{ meta: { appURL: '' } }, ['meta', 'appURL'], 'validation_required'],
    [{ meta: { appURL: 'no url' } }, ['meta', 'appURL'], 'validation_is_url'],
    [{ meta: { senderAddress: 'x' } }, ['meta', 'senderAddress'], 'validation_is_email'],
    [{ backups: { cron: 'nope' } }, ['backups', 'cron'], 'validation_invalid_cron'],
    [{ smtp: { enabled: true, host: '' } }, ['smtp', 'host'], 'validation_required'],
    [
      {
        rateLimits: {
          rules: [
            { label: '/api/', maxRequests: 1, duration: 1 },
            { label: '/api/', maxRequests: 2, duration: 1 },
          ],
        },
      },
      ['rateLimits', 'rules', '1', 'label'],
      'validation_conflicting_rate_limit_rule',
    ],
    [{ superuserIPs: ['nope'] }, ['superuserIPs', '0'], 'validation_invalid_ip'],
  ])('invalid patch %j → %j %s', async (body, path, code) => {
    const pb = await server.superuserClient();
    const before = storedRow(server)?.v ?? null;
    const [st, res] = await status(pb.settings.update(body));
    expect(st).toBe(400);
    expect(res.message).toBe('An error occurred while saving the new settings.');
    const item = path.reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], res.data);
    expect((item as { code: string }).code).toBe(code);
    expect(storedRow(server)?.v ?? null).toBe(before); // nothing written
  });

  test('wrong value types → 400 loading error', async () => {
    const pb = await server.superuserClient();
    const [st, res] = await status(pb.settings.update({ meta: { appName: 42 } }));
    expect(st).toBe(400);
    expect(res.message).toBe('An error occurred while loading the submitted data.');
  });

  test('guests get 401; test endpoints explain they are not available', async () => {
    for (const [method, path] of [
      ['GET', '/api/settings'],
      ['PATCH', '/api/settings'],
      ['POST', '/api/settings/test/email'],
      ['POST', '/api/settings/test/s3'],
    ] as const) {
      const r = await server.fetch(path, { method });
      expect([path, r.status]).toEqual([path, 401]);
    }
    const pb = await server.superuserClient();
    const [st, res] = await status(pb.settings.testEmail('_superusers', 'a@b.c', 'verification'));
    expect(st).toBe(400);
    expect(String(res.message)).toContain('not available');
    const [st2, res2] = await status(pb.settings.testS3('storage'));
    expect(st2).toBe(400);
    expect(String(res2.message)).toContain('not enabled');
  });
});

describe('Apple client secret', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.stop());

  test('an ES256 JWT for Apple signed with the given key; bad input is a 400', async () => {
    const pair = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const der = Buffer.from(await crypto.subtle.exportKey('pkcs8', pair.privateKey));
    const pem = `-----BEGIN PRIVATE KEY-----\n${der.toString('base64')}\n-----END PRIVATE KEY-----`;
    const su = await server.superuserClient();
    const secret = await su.settings.generateAppleClientSecret(
      'com.example.app',
      'TEAM123456',
      'KEY1234567',
      pem,
      3600,
    );
    const { payload, protectedHeader } = await jwtVerify(secret.secret, pair.publicKey, {
      algorithms: ['ES256'],
    });
    expect(protectedHeader.kid).toBe('KEY1234567');
    expect([payload.iss, payload.sub, payload.aud]).toEqual([
      'TEAM123456',
      'com.example.app',
      'https://appleid.apple.com',
    ]);
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(3600);
    const [st, res] = await status(
      su.settings.generateAppleClientSecret('', 'short', 'x', 'nope', 0),
    );
    expect(st).toBe(400);
    expect(Object.keys(res.data as object).sort()).toEqual([
      'clientId',
      'duration',
      'keyId',
      'privateKey',
      'teamId',
    ]);
  });
});

describeWithFixture('PocketBase fixture', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ dir: copyFixture() });
  });
  afterAll(() => server.stop());

  test("the fixture's stored settings load as they are", async () => {
    const res = await server.fetch('/api/settings', {
      headers: { authorization: FIXTURE_TOKENS.superuser },
    });
    expect(res.status).toBe(200);
    const s = (await res.json()) as Record<string, Record<string, unknown>>;
    expect(s.meta!.appName).toBe('acme_test');
    expect(s.batch).toEqual({ enabled: true, maxRequests: 50, timeout: 5, maxBodySize: 0 });
    expect(s.logs!.logIP).toBe(false);
    expect((s.rateLimits!.rules as unknown[]).length).toBe(4);
    expect(s.smtp).not.toHaveProperty('password');
  });

  test('a regular user gets 403', async () => {
    const res = await server.fetch('/api/settings', {
      headers: { authorization: FIXTURE_TOKENS.user },
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toBe(
      'The authorized record is not allowed to perform this action.',
    );
  });

  test('patching keeps the row a BLOB', async () => {
    const res = await server.fetch('/api/settings', {
      method: 'PATCH',
      headers: { authorization: FIXTURE_TOKENS.superuser, 'content-type': 'application/json' },
      body: JSON.stringify({ meta: { hideControls: true } }),
    });
    expect(res.status).toBe(200);
    const row = storedRow(server)!;
    expect(row.t).toBe(storedAs(server));
    const stored = JSON.parse(row.v);
    expect(stored.meta).toMatchObject({ appName: 'acme_test', hideControls: true });
  });
});
