// Record tokens on a copy of PocketBase's fixture: claims, key order, HS256 pinning, types, expiry.
import { expect, test } from 'bun:test';
import { rmSync } from 'node:fs';
import { decodeJwt, decodeProtectedHeader, SignJWT } from 'jose';
import { openCore } from '../../../../src/app.ts';
import {
  resolveRequestAuth,
  tokenFromHeader,
} from '../../../../src/core/auth/tokens/request-auth.ts';
import {
  createAuthToken,
  createFileToken,
  signRecordToken,
  verifyRecordToken,
} from '../../../../src/core/auth/tokens/tokens.ts';
import type { Core } from '../../../../src/core/core.ts';
import type { RecordData } from '../../../../src/core/records/record.ts';
import {
  afterAllWithFixture,
  beforeAllWithFixture,
  describeWithFixture,
} from '../../../support/fixture.ts';
import { copyFixture, FIXTURE_TOKENS } from '../../../support/server.ts';

let core: Core;
let dir: string;
let user: RecordData;

beforeAllWithFixture(async () => {
  dir = copyFixture();
  core = await openCore(dir);
  user = core.store.reader.get<RecordData>("SELECT * FROM users WHERE id = '4q1xlclmfloku33'")!;
});
afterAllWithFixture(() => {
  core.store.close();
  rmSync(dir, { recursive: true, force: true });
});

describeWithFixture('tokens', () => {
  test('signed byte for byte as jose signs the same claims', async () => {
    const users = core.collections.require('users');
    const token = await signRecordToken('verification', users, user, { email: 'a"é@x.io' });
    const claims = decodeJwt(token);
    const key = (user.tokenKey as string) + users.auth!.verificationToken.secret;
    const jose = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(key));
    expect(token).toBe(jose);
  });

  test('auth token: header, exact claims, duration from the collection', async () => {
    const users = core.collections.require('users');
    const token = await createAuthToken(core, users, user);
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = decodeJwt(token);
    expect(Object.keys(claims).sort()).toEqual([
      'collectionId',
      'exp',
      'id',
      'refreshable',
      'type',
    ]);
    expect(claims).toMatchObject({
      id: user.id,
      collectionId: users.id,
      type: 'auth',
      refreshable: true,
    });
    const expected = Math.floor(Date.now() / 1000) + users.auth!.authToken.duration;
    expect(Math.abs(claims.exp! - expected)).toBeLessThanOrEqual(2);
    const verified = await verifyRecordToken(core, token, ['auth']);
    expect(verified?.record.id).toBe(user.id);
  });

  test('types are checked and keyed by their own secret', async () => {
    const users = core.collections.require('users');
    const file = await createFileToken(core, users, user);
    expect(decodeJwt(file).type).toBe('file');
    expect(await verifyRecordToken(core, file, ['auth'])).toBeNull();
    expect((await verifyRecordToken(core, file, ['file']))?.record.id).toBe(user.id);
    expect((await verifyRecordToken(core, file))?.claims.type).toBe('file');
    const reset = await signRecordToken('passwordReset', users, user, { email: user.email });
    expect(decodeJwt(reset).email).toBe('test@example.com');
    expect((await verifyRecordToken(core, reset, ['passwordReset']))?.claims.email).toBe(
      'test@example.com',
    );
  });

  test('impersonation-style token: not refreshable, custom duration', async () => {
    const users = core.collections.require('users');
    const token = await createAuthToken(core, users, user, { refreshable: false, duration: 60 });
    const claims = decodeJwt(token);
    expect(claims.refreshable).toBe(false);
    expect(claims.exp! - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(60);
    const auth = await resolveRequestAuth(core, token);
    expect(auth?.refreshable).toBe(false);
  });

  test('the fixture tokens resolve; superuser flag from the collection id', async () => {
    const su = await resolveRequestAuth(core, FIXTURE_TOKENS.superuser);
    expect(su?.isSuperuser).toBe(true);
    expect(su?.refreshable).toBe(true);
    const u = await resolveRequestAuth(core, `Bearer ${FIXTURE_TOKENS.user}`);
    expect(u?.isSuperuser).toBe(false);
    expect(u?.collection.name).toBe('users');
    expect(await resolveRequestAuth(core, null)).toBeNull();
    expect(await resolveRequestAuth(core, 'garbage')).toBeNull();
  });

  test('a token naming a non-auth collection or unknown record is invalid', async () => {
    const users = core.collections.require('users');
    const ghost = await createAuthToken(core, users, { ...user, id: 'doesnotexist123' });
    expect(await verifyRecordToken(core, ghost)).toBeNull();
    const demo = core.collections.require('demo1');
    const fake = await createAuthToken(core, { ...users, id: demo.id }, user);
    expect(await verifyRecordToken(core, fake)).toBeNull();
  });

  test('forged tokens for a real record are refused: claims, algorithm, key, expiry', async () => {
    const users = core.collections.require('users');
    const key = (user.tokenKey as string) + users.auth!.authToken.secret;
    const exp = Math.floor(Date.now() / 1000) + 60;
    const claims = { id: user.id, type: 'auth', collectionId: users.id, refreshable: true, exp };
    const sign = (c: Record<string, unknown>, alg = 'HS256', k = key) =>
      new SignJWT(c).setProtectedHeader({ alg, typ: 'JWT' }).sign(new TextEncoder().encode(k));
    const good = await sign(claims);
    expect(verifyRecordToken(core, good, ['auth'])?.record.id).toBe(user.id);
    const [head, , mac] = good.split('.');
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const forged = [
      // Another user's id under this user's signature (the signature covers the payload).
      `${head}.${b64({ ...claims, id: 'oap640cot4yru2s' })}.${mac}`,
      `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
      await sign(claims, 'HS512'),
      await sign(claims, 'HS256', `${user.tokenKey}wrong-secret`),
      await sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 1 }),
      // Signed with the collection's secret for another token type.
      await sign(claims, 'HS256', (user.tokenKey as string) + users.auth!.fileToken.secret),
    ];
    for (const token of forged) {
      expect(verifyRecordToken(core, token)).toBeNull();
      expect(await resolveRequestAuth(core, token)).toBeNull();
    }
  });

  test('a new tokenKey (a password change) invalidates the tokens signed before it', async () => {
    const users = core.collections.require('users');
    const token = createAuthToken(core, users, user);
    expect(verifyRecordToken(core, token, ['auth'])).not.toBeNull();
    const rotated = { ...user, tokenKey: 'rotated_after_a_password_change_0123456789' };
    await core.store.writes.run((tx) =>
      tx.run('UPDATE users SET tokenKey = ? WHERE id = ?', [rotated.tokenKey, user.id]),
    );
    try {
      expect(verifyRecordToken(core, token, ['auth'])).toBeNull();
      expect(verifyRecordToken(core, createAuthToken(core, users, rotated))).not.toBeNull();
    } finally {
      await core.store.writes.run((tx) =>
        tx.run('UPDATE users SET tokenKey = ? WHERE id = ?', [user.tokenKey as string, user.id]),
      );
    }
  });

  test.each([
    ['abc', 'abc'],
    ['Bearer abc', 'abc'],
    ['BEARER   abc ', 'abc'],
    ['', ''],
  ])('tokenFromHeader(%p) = %p', (h, t) => expect(tokenFromHeader(h)).toBe(t));
});
