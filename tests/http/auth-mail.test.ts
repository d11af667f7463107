// Mail flows end to end through a real SMTP server: verification, password reset, e-mail change, test mail.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { SignJWT } from 'jose';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { signRecordToken } from '../../src/core/auth/tokens/tokens.ts';
import { SUPERUSERS } from '../../src/core/collections/model.ts';
import { findFirstByField } from '../../src/core/records/find.ts';
import { linkToken, type SmtpSink, startSmtpSink } from '../mail/smtp-sink.ts';
import { startServer, TEST_SUPERUSER, type TestServer } from '../support/server.ts';

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
let smtp: SmtpSink;
let su: PocketBase;

async function newUser(email: string, password = 'secret-pass-1') {
  const pb = server.client();
  const rec = await pb.collection('users').create({ email, password, passwordConfirm: password });
  return rec.id;
}

beforeAll(async () => {
  server = await startServer();
  smtp = await startSmtpSink();
  su = await server.superuserClient();
  await su.settings.update({
    smtp: smtp.settings(),
    meta: { appName: 'Satchel <Test>', appURL: 'http://app.test/' },
  });
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
});

describe('verification', () => {
  test('request → mail with link → confirm → verified; then no more mails', async () => {
    const email = 'verify-me@example.com';
    const id = await newUser(email);
    const pb = server.client();
    expect(await pb.collection('users').requestVerification(email)).toBe(true);
    const mail = await smtp.next(email);
    // Placeholders: app name escaped in the HTML body, plain in the subject; URL without its trailing slash.
    expect(mail.subject).toBe('Verify your Satchel <Test> email');
    expect(mail.body).toContain('Satchel &lt;Test&gt; team');
    expect(mail.body).toContain('http://app.test/_/#/auth/confirm-verification/');
    expect(mail.from).toBe('support@example.com');
    const token = linkToken(mail, 'verification');
    expect(await pb.collection('users').confirmVerification(token)).toBe(true);
    expect((await su.collection('users').getOne(id)).verified).toBe(true);
    // Confirming again is fine (already verified → 204).
    expect(await pb.collection('users').confirmVerification(token)).toBe(true);
  });

  test('unknown, verified and throttled e-mails all answer 204', async () => {
    const pb = server.client();
    expect(await pb.collection('users').requestVerification('nobody@example.com')).toBe(true);
    const res = await server.fetch('/api/collections/users/request-verification', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'nobody@example.com' }),
    });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe('');
  });

  test('bad e-mail is a 400 with field errors; superusers are refused', async () => {
    const pb = server.client();
    let e = await failure(pb.collection('users').requestVerification('not-an-email'));
    expect(e.status).toBe(400);
    expect(e.response.data.email.code).toBe('validation_is_email');
    e = await failure(pb.collection('users').requestVerification(''));
    expect(e.response.data.email.code).toBe('validation_required');
    e = await failure(pb.collection(SUPERUSERS).requestVerification(TEST_SUPERUSER.email));
    expect(e.status).toBe(400);
    expect(e.response.message).toBe('All superusers are verified by default.');
  });

  test('superusers are refused at the confirm steps too, even with a valid token', async () => {
    const core = server.app.core;
    const c = core.collections.require(SUPERUSERS);
    const record = findFirstByField(core, c, 'email', TEST_SUPERUSER.email)!;
    const verify = await signRecordToken('verification', c, record, { email: record.email });
    let e = await failure(server.client().collection(SUPERUSERS).confirmVerification(verify));
    expect([e.status, e.response.message]).toEqual([
      400,
      'All superusers are verified by default.',
    ]);
    const change = await signRecordToken('emailChange', c, record, {
      email: record.email,
      newEmail: 'elsewhere@example.com',
    });
    e = await failure(
      server.client().collection(SUPERUSERS).confirmEmailChange(change, TEST_SUPERUSER.password),
    );
    expect(e.status).toBe(400);
    expect(findFirstByField(core, c, 'email', TEST_SUPERUSER.email)).not.toBeNull();
  });

  test('with a COLLATE NOCASE e-mail index the mail flows find the address in any case', async () => {
    const users = await su.collections.getOne('users');
    const indexes = users.indexes as string[];
    const nocase = indexes.map((i) =>
      /\(`?email`?\)/.test(i) && /unique/i.test(i)
        ? i.replace(/\(`?email`?\)/, '(email COLLATE NOCASE)')
        : i,
    );
    await su.collections.update('users', { indexes: nocase });
    try {
      await newUser('Mixed.Case@example.com');
      expect(
        await server.client().collection('users').requestVerification('mixed.case@example.com'),
      ).toBe(true);
      const mail = await smtp.next('Mixed.Case@example.com');
      expect(mail.subject).toContain('Verify');
    } finally {
      await su.collections.update('users', { indexes });
    }
  });

  test('confirm token errors: invalid, claims, collection mismatch, e-mail mismatch', async () => {
    const pb = server.client();
    const core = server.app.core;
    const codeOf = async (token: string) =>
      (await failure(pb.collection('users').confirmVerification(token))).response.data.token.code;
    expect(await codeOf('garbage')).toBe('validation_invalid_token_claims');

    const id = await newUser('claims@example.com');
    const users = core.collections.require('users');
    const record = findFirstByField(core, users, 'id', id)!;
    // Right type, no e-mail claim.
    expect(await codeOf(await signRecordToken('verification', users, record))).toBe(
      'validation_invalid_token_claims',
    );
    // Wrong type (an auth token) with an e-mail claim.
    expect(
      await codeOf(await signRecordToken('auth', users, record, { email: 'claims@example.com' })),
    ).toBe('validation_invalid_token');
    // Tampered signature.
    const good = await signRecordToken('verification', users, record, {
      email: 'claims@example.com',
    });
    expect(await codeOf(`${good.slice(0, -4)}AAAA`)).toBe('validation_invalid_token');
    // Expired.
    const expired = await new SignJWT({
      id,
      type: 'verification',
      collectionId: users.id,
      email: 'claims@example.com',
      exp: Math.floor(Date.now() / 1000) - 10,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(
        new TextEncoder().encode(String(record.tokenKey) + users.auth!.verificationToken.secret),
      );
    expect(await codeOf(expired)).toBe('validation_invalid_token');
    // A superuser's verification token posted to users.
    const sus = core.collections.require(SUPERUSERS);
    const suRecord = findFirstByField(core, sus, 'email', TEST_SUPERUSER.email)!;
    const suToken = await signRecordToken('verification', sus, suRecord, {
      email: TEST_SUPERUSER.email,
    });
    expect(await codeOf(suToken)).toBe('validation_token_collection_mismatch');
    // The record's e-mail changed since the token was issued (changed without rotating tokenKey here).
    const other = await signRecordToken('verification', users, record, {
      email: 'old@example.com',
    });
    expect(await codeOf(other)).toBe('validation_token_email_mismatch');
    expect((await su.collection('users').getOne(id)).verified).toBe(false);
  });
});

describe('password reset', () => {
  test('request → mail → confirm: new password works, old sessions and the token die', async () => {
    const email = 'reset-me@example.com';
    const id = await newUser(email, 'old-password-1');
    const user = server.client();
    await user.collection('users').authWithPassword(email, 'old-password-1');
    const oldToken = user.authStore.token;

    const pb = server.client();
    expect(await pb.collection('users').requestPasswordReset(email)).toBe(true);
    const mail = await smtp.next(email);
    expect(mail.subject).toBe('Reset your Satchel <Test> password');
    const token = linkToken(mail, 'password-reset');

    let e = await failure(
      pb.collection('users').confirmPasswordReset(token, 'new-password-1', 'other-value'),
    );
    expect(e.response.data.passwordConfirm.code).toBe('validation_values_mismatch');
    e = await failure(pb.collection('users').confirmPasswordReset(token, 'short', 'short'));
    expect(e.response.data.password.code).toBe('validation_length_out_of_range');

    expect(
      await pb.collection('users').confirmPasswordReset(token, 'new-password-1', 'new-password-1'),
    ).toBe(true);
    await pb.collection('users').authWithPassword(email, 'new-password-1');
    // The reset came through the record's own address: it is now verified.
    expect(pb.authStore.record?.verified).toBe(true);
    e = await failure(
      server.client().collection('users').authWithPassword(email, 'old-password-1'),
    );
    expect(e.status).toBe(400);
    // tokenKey rotated: the old session is a guest now, and the reset token is spent.
    const refresh = await server.fetch('/api/collections/users/auth-refresh', {
      method: 'POST',
      headers: { authorization: oldToken },
    });
    expect(refresh.status).toBe(401);
    e = await failure(
      pb.collection('users').confirmPasswordReset(token, 'new-password-2', 'new-password-2'),
    );
    expect(e.response.data.token.code).toBe('validation_invalid_token');
    expect(id).toBeTruthy();
  });

  // PocketBase 0.40.4 validates token, password and passwordConfirm together.
  test('an expired token and a short password: both reported, as PocketBase does', async () => {
    const id = await newUser('expired-reset@example.com');
    const core = server.app.core;
    const users = core.collections.require('users');
    const record = findFirstByField(core, users, 'id', id)!;
    const expired = await new SignJWT({
      id,
      type: 'passwordReset',
      collectionId: users.id,
      email: 'expired-reset@example.com',
      exp: Math.floor(Date.now() / 1000) - 10,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(
        new TextEncoder().encode(String(record.tokenKey) + users.auth!.passwordResetToken.secret),
      );
    const pb = server.client();
    const e = await failure(pb.collection('users').confirmPasswordReset(expired, 'short', 'other'));
    expect(e.response).toEqual({
      data: {
        password: {
          code: 'validation_length_out_of_range',
          message: 'The length must be between 8 and 255.',
          params: { max: 255, min: 8 },
        },
        passwordConfirm: { code: 'validation_values_mismatch', message: "Values don't match." },
        token: { code: 'validation_invalid_token', message: 'Invalid or expired token.' },
      },
      message: 'An error occurred while validating the submitted data.',
      status: 400,
    });
  });

  test('unknown e-mail: 204 and nothing sent; password auth off: 400', async () => {
    const pb = server.client();
    expect(await pb.collection('users').requestPasswordReset('ghost@example.com')).toBe(true);
    const coll = await su.collections.getOne('users');
    await su.collections.update(coll.id, {
      passwordAuth: { enabled: false },
      otp: { enabled: true },
    });
    try {
      const e = await failure(pb.collection('users').requestPasswordReset('ghost@example.com'));
      expect(e.status).toBe(400);
      expect(e.response.message).toBe(
        'The collection is not configured to allow password authentication.',
      );
    } finally {
      await su.collections.update(coll.id, {
        passwordAuth: { enabled: true },
        otp: { enabled: false },
      });
    }
  });
});

describe('e-mail change', () => {
  test('request (to the new address) → confirm with password: e-mail replaced, sessions end', async () => {
    const email = 'change-me@example.com';
    await newUser(email, 'change-pass-1');
    const user = server.client();
    await user.collection('users').authWithPassword(email, 'change-pass-1');
    expect(await user.collection('users').requestEmailChange('changed@example.com')).toBe(true);
    const mail = await smtp.next('changed@example.com');
    expect(mail.subject).toBe('Confirm your Satchel <Test> new email address');
    const token = linkToken(mail, 'email-change');

    const e = await failure(user.collection('users').confirmEmailChange(token, 'wrong-password'));
    expect(e.response.data.password.code).toBe('validation_invalid_password');
    expect(await user.collection('users').confirmEmailChange(token, 'change-pass-1')).toBe(true);
    // The SDK clears the store of the changed record.
    expect(user.authStore.isValid).toBe(false);
    const again = server.client();
    await again.collection('users').authWithPassword('changed@example.com', 'change-pass-1');
    expect(again.authStore.record?.verified).toBe(true);
  });

  test('field errors, auth required, superusers refused', async () => {
    await newUser('taken@example.com');
    await newUser('mover@example.com', 'mover-pass-1');
    const user = server.client();
    await user.collection('users').authWithPassword('mover@example.com', 'mover-pass-1');
    const codeOf = async (newEmail: string) =>
      (await failure(user.collection('users').requestEmailChange(newEmail))).response.data.newEmail
        .code;
    expect(await codeOf('mover@example.com')).toBe('validation_not_in_invalid');
    expect(await codeOf('taken@example.com')).toBe('validation_invalid_new_email');
    expect(await codeOf('nope')).toBe('validation_is_email');
    expect(
      (await failure(server.client().collection('users').requestEmailChange('x@example.com')))
        .status,
    ).toBe(401);
    const e = await failure(su.collection(SUPERUSERS).requestEmailChange('x@example.com'));
    expect(e.response.message).toBe('All superusers can change their emails directly.');
    // A user's token on another collection's route.
    expect(
      (await failure(user.collection(SUPERUSERS).requestEmailChange('x@example.com'))).status,
    ).toBe(403);
  });

  // PocketBase 0.40.4: token and password are checked together; no usable token, no right password.
  test('a bad token and a password: both fields reported', async () => {
    const pb = server.client();
    const e = await failure(pb.collection('users').confirmEmailChange('garbage', 'any-password'));
    expect(e.response.data).toEqual({
      password: {
        code: 'validation_invalid_password',
        message: 'Missing or invalid auth record password.',
      },
      token: {
        code: 'validation_invalid_token_payload',
        message: 'Invalid token payload - newEmail must be set.',
      },
    });
  });

  test('a token whose new address got taken meanwhile is refused', async () => {
    await newUser('racer@example.com', 'racer-pass-1');
    const user = server.client();
    await user.collection('users').authWithPassword('racer@example.com', 'racer-pass-1');
    await user.collection('users').requestEmailChange('contested@example.com');
    const token = linkToken(await smtp.next('contested@example.com'), 'email-change');
    await newUser('contested@example.com');
    const e = await failure(user.collection('users').confirmEmailChange(token, 'racer-pass-1'));
    expect(e.response.data.token).toEqual({
      code: 'validation_invalid_token_email',
      message: 'The new email address is invalid.',
    });
  });
});

describe('test e-mail', () => {
  test('each template goes out through SMTP with its placeholders filled', async () => {
    for (const template of [
      'verification',
      'password-reset',
      'email-change',
      'otp',
      'login-alert',
    ]) {
      const to = `test-${template}@example.com`;
      expect(await su.settings.testEmail('users', to, template)).toBe(true);
      const mail = await smtp.next(to);
      expect(mail.body).not.toMatch(/\{(APP_NAME|APP_URL|TOKEN|OTP|ALERT_INFO)\}/);
    }
  });
});

describe('failed-login throttle', () => {
  test('10 failures a minute for one identity and IP → 429, even with the right password', async () => {
    const email = 'brute@example.com';
    await newUser(email, 'right-password-1');
    const pb = server.client();
    for (let i = 0; i < 10; i++) {
      expect(
        (await failure(pb.collection('users').authWithPassword(email, `wrong-${i}`))).status,
      ).toBe(400);
    }
    const e = await failure(pb.collection('users').authWithPassword(email, 'right-password-1'));
    expect(e.status).toBe(429);
    // Another identity from the same IP is untouched.
    await newUser('bystander@example.com', 'bystander-pw-1');
    await pb.collection('users').authWithPassword('bystander@example.com', 'bystander-pw-1');
  });
});
