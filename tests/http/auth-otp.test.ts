// OTP, MFA's second step and impersonation through the SDK, with the codes read from a real SMTP server.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { ClientResponseError } from 'pocketbase';
import { requestVerification } from '../../src/core/auth/mail-flows/verification.ts';
import { type SmtpSink, startSmtpSink } from '../mail/smtp-sink.ts';
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

function otpOf(body: string): string {
  const m = /one-time password is: <strong>(\d+)<\/strong>/.exec(body);
  if (!m) throw new Error('no OTP in mail');
  return m[1]!;
}

let server: TestServer;
let smtp: SmtpSink;
let su: PocketBase;

async function newUser(email: string, password = 'otp-user-pass') {
  const rec = await server
    .client()
    .collection('users')
    .create({ email, password, passwordConfirm: password });
  return rec.id as string;
}

beforeAll(async () => {
  server = await startServer();
  smtp = await startSmtpSink();
  su = await server.superuserClient();
  await su.settings.update({ smtp: smtp.settings() });
  await su.collections.update('users', { otp: { enabled: true, length: 6 } });
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
});

describe('OTP', () => {
  test('request → code by mail → authWithOTP; the OTP is single use; the address becomes verified', async () => {
    const email = 'otp@example.com';
    await newUser(email);
    const pb = server.client();
    const { otpId } = await pb.collection('users').requestOTP(email);
    const code = otpOf((await smtp.next(email)).body);
    expect(code).toMatch(/^\d{6}$/);
    const res = await pb.collection('users').authWithOTP(otpId, code);
    expect(res.record.email).toBe(email);
    expect(res.record.verified).toBe(true);
    const e = await failure(server.client().collection('users').authWithOTP(otpId, code));
    expect(e.status).toBe(400);
    expect(e.response.message).toBe('Invalid or expired OTP.');
  });

  test('unknown e-mail gets a fake id of the same shape that never works', async () => {
    const pb = server.client();
    const { otpId } = await pb.collection('users').requestOTP('stranger@example.com');
    expect(otpId).toMatch(/^[a-z0-9]{15}$/);
    const e = await failure(pb.collection('users').authWithOTP(otpId, '123456'));
    expect(e.response.message).toBe('Invalid or expired OTP.');
  });

  test('wrong codes: 400 five times, then 429 even for the right code', async () => {
    const email = 'guess@example.com';
    await newUser(email);
    const pb = server.client();
    const { otpId } = await pb.collection('users').requestOTP(email);
    const code = otpOf((await smtp.next(email)).body);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) {
      expect((await failure(pb.collection('users').authWithOTP(otpId, wrong))).status).toBe(400);
    }
    const e = await failure(pb.collection('users').authWithOTP(otpId, code));
    expect(e.status).toBe(429);
    expect(e.response.message).toBe('Too many attempts, please try again later with a new OTP.');
  });

  test('disabled OTP: 403; bad input: 400', async () => {
    const pb = server.client();
    const e = await failure(pb.collection('_superusers').requestOTP('a@example.com'));
    expect(e.status).toBe(403);
    const bad = await failure(pb.collection('users').requestOTP('nope'));
    expect(bad.response.data.email.code).toBe('validation_is_email');
    const missing = await failure(pb.collection('users').authWithOTP('', ''));
    expect(Object.keys(missing.response.data).sort()).toEqual(['otpId', 'password']);
  });
});

describe('MFA', () => {
  test('password then OTP with the mfaId completes; the same method twice does not', async () => {
    await su.collections.update('users', { mfa: { enabled: true, duration: 600 } });
    try {
      const email = 'mfa@example.com';
      await newUser(email, 'mfa-password-1');
      const pb = server.client();
      const first = await failure(pb.collection('users').authWithPassword(email, 'mfa-password-1'));
      expect(first.status).toBe(401);
      const mfaId = first.response.mfaId as string;
      expect(Object.keys(first.response)).toEqual(['mfaId']);

      const again = await failure(
        pb.collection('users').authWithPassword(email, 'mfa-password-1', { mfaId }),
      );
      expect(again.response.message).toBe('A different authentication method is required.');

      const { otpId } = await pb.collection('users').requestOTP(email);
      const code = otpOf((await smtp.next(email)).body);
      const res = await pb.collection('users').authWithOTP(otpId, code, { mfaId });
      expect(res.record.email).toBe(email);
      expect(pb.authStore.isValid).toBe(true);
      // The MFA session is spent.
      const { otpId: otp2 } = await pb.collection('users').requestOTP(email);
      const code2 = otpOf((await smtp.next(email)).body);
      const spent = await failure(pb.collection('users').authWithOTP(otp2, code2, { mfaId }));
      expect(spent.response.message).toBe('Invalid or expired MFA session.');
    } finally {
      await su.collections.update('users', { mfa: { enabled: false } });
    }
  });
});

describe('MFA, OTP first', () => {
  test('an OTP spent as the first factor is gone: it cannot open a second MFA session', async () => {
    await su.collections.update('users', { mfa: { enabled: true, duration: 600 } });
    try {
      const email = 'otp-first@example.com';
      await newUser(email, 'otp-first-pass');
      const pb = server.client();
      const { otpId } = await pb.collection('users').requestOTP(email);
      const code = otpOf((await smtp.next(email)).body);
      const first = await failure(pb.collection('users').authWithOTP(otpId, code));
      expect(first.status).toBe(401);
      const mfaId = first.response.mfaId as string;
      const replay = await failure(pb.collection('users').authWithOTP(otpId, code));
      expect([replay.status, replay.response.message]).toEqual([400, 'Invalid or expired OTP.']);
      // The session it opened still completes with the other factor.
      const done = await pb
        .collection('users')
        .authWithPassword(email, 'otp-first-pass', { mfaId });
      expect(done.record.email).toBe(email);
    } finally {
      await su.collections.update('users', { mfa: { enabled: false } });
    }
  });
});

describe('impersonate', () => {
  test('a superuser gets a non-refreshable token of the user; refresh hands it back unchanged', async () => {
    const id = await newUser('target@example.com');
    const client = await su.collection('users').impersonate(id, 3600);
    expect(client.authStore.record?.id).toBe(id);
    const claims = JSON.parse(
      atob(client.authStore.token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')),
    );
    expect(claims.refreshable).toBe(false);
    expect(claims.exp - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(3600);
    const token = client.authStore.token;
    const refreshed = await client.collection('users').authRefresh();
    expect(refreshed.token).toBe(token);
  });

  test('guests 401, users 403, unknown record 404, negative duration 400', async () => {
    const id = await newUser('victim@example.com');
    expect((await failure(server.client().collection('users').impersonate(id, 0))).status).toBe(
      401,
    );
    const user = server.client();
    await user.collection('users').authWithPassword('victim@example.com', 'otp-user-pass');
    expect((await failure(user.collection('users').impersonate(id, 0))).status).toBe(403);
    expect((await failure(su.collection('users').impersonate('missing0000000', 0))).status).toBe(
      404,
    );
    const neg = await failure(su.collection('users').impersonate(id, -5));
    expect(neg.response.data.duration.code).toBe('validation_min_greater_equal_than_required');
    // PocketBase decodes an int64: a fraction or a string in JSON is a load error.
    for (const duration of [1.5, '10']) {
      const res = await server.fetch(`/api/collections/users/impersonate/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: su.authStore.token },
        body: JSON.stringify({ duration }),
      });
      expect([duration, res.status]).toEqual([duration, 400]);
      await res.arrayBuffer();
    }
  });
});

describe('mail throttle', () => {
  test('one verification mail per record per 2 minutes (silent)', async () => {
    const email = 'throttle@example.com';
    await newUser(email);
    const core = server.app.core;
    const first = await requestVerification(core, { collection: 'users', body: { email } });
    expect(first.sent).not.toBeNull();
    await first.sent;
    const second = await requestVerification(core, { collection: 'users', body: { email } });
    expect(second.sent).toBeNull();
  });
});
