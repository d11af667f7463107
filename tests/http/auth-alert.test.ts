// Auth alerts (auth.md §7) through a real SMTP server: a login from a new IP/user agent mails the owner.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type PocketBase from 'pocketbase';
import { authFingerprint } from '../../src/core/auth/mail-flows/auth-alert.ts';
import type { SmtpSink } from '../mail/smtp-sink.ts';
import { startSmtpSink } from '../mail/smtp-sink.ts';
import { startServer, type TestServer } from '../support/server.ts';

const PASSWORD = 'secret-pass-1';
let server: TestServer;
let smtp: SmtpSink;
let su: PocketBase;

/** An SDK client whose requests come from `ip` (trusted proxy header) with user agent `ua`. */
function clientFrom(ip: string, ua: string): PocketBase {
  const pb = server.client();
  pb.beforeSend = (url, options) => {
    options.headers = { ...options.headers, 'x-real-ip': ip, 'user-agent': ua };
    return { url, options };
  };
  return pb;
}

function origins(recordId: string): { fingerprint: string }[] {
  return server.app.core.store.reader.all<{ fingerprint: string }>(
    'SELECT "fingerprint" FROM "_authOrigins" WHERE "recordRef" = ? ORDER BY "updated"',
    [recordId],
  );
}

beforeAll(async () => {
  server = await startServer();
  smtp = await startSmtpSink();
  su = await server.superuserClient();
  await su.settings.update({
    smtp: smtp.settings(),
    trustedProxy: { headers: ['X-Real-Ip'], useLeftmostIP: false },
  });
});
afterAll(async () => {
  await server.stop();
  await smtp.close();
});

describe('auth alerts', () => {
  test('first login silent; known origin silent; new origin mails {ALERT_INFO}', async () => {
    const email = 'alert@example.com';
    const user = await su
      .collection('users')
      .create({ email, password: PASSWORD, passwordConfirm: PASSWORD });

    await clientFrom('10.1.0.1', 'Browser A').collection('users').authWithPassword(email, PASSWORD);
    await clientFrom('10.1.0.1', 'Browser A').collection('users').authWithPassword(email, PASSWORD);
    expect(origins(user.id).map((o) => o.fingerprint)).toEqual([
      authFingerprint('10.1.0.1', 'Browser A'),
    ]);
    // Refresh is no login: no origin, no mail.
    const b = clientFrom('10.1.0.2', 'Browser B');
    await b.collection('users').authWithPassword(email, PASSWORD);
    const mail = await smtp.next(email);
    expect(mail.subject).toBe('Login from a new location');
    expect(mail.body).toContain('10.1.0.2 Browser B');
    expect(origins(user.id)).toHaveLength(2);
    const refresher = clientFrom('10.1.0.3', 'Browser C');
    refresher.authStore.save(b.authStore.token, b.authStore.record);
    await refresher.collection('users').authRefresh();
    expect(origins(user.id)).toHaveLength(2);
    // Nothing else was mailed to the user: the next mail is the one of the login below.
    await clientFrom('10.1.0.4', 'Browser D').collection('users').authWithPassword(email, PASSWORD);
    expect((await smtp.next(email)).body).toContain('10.1.0.4 Browser D');
    expect(smtp.mails.filter((m) => m.to.includes(email))).toHaveLength(2);
  });

  test('OTP logins alert too; at most 5 origins are kept; disabled alerts store nothing', async () => {
    await su.collections.update('users', { otp: { enabled: true } });
    const email = 'otp-alert@example.com';
    const user = await su
      .collection('users')
      .create({ email, password: PASSWORD, passwordConfirm: PASSWORD, verified: true });
    for (let i = 1; i <= 7; i++) {
      await clientFrom(`10.2.0.${i}`, 'UA').collection('users').authWithPassword(email, PASSWORD);
    }
    const kept = origins(user.id).map((o) => o.fingerprint);
    expect(kept).toHaveLength(5);
    expect(kept).not.toContain(authFingerprint('10.2.0.1', 'UA'));
    expect(kept).toContain(authFingerprint('10.2.0.7', 'UA'));
    for (let i = 0; i < 6; i++) await smtp.next(email);

    const pb = clientFrom('10.2.1.1', 'Phone');
    const { otpId } = await pb.collection('users').requestOTP(email);
    // The code mail, whatever else is still arriving for this address (mails are sent in the
    // background, so their order is not the order of the requests).
    let code = '';
    while (!code) {
      const mail = await smtp.next(email);
      // From the template's markup: the raw message's headers hold other digit runs (nodemailer's
      // Message-ID is a UUID, whose first group is all digits about one time in forty).
      code = /one-time password is: <strong>(\d{8})<\/strong>/.exec(mail.body)?.[1] ?? '';
    }
    await pb.collection('users').authWithOTP(otpId, code);
    let alert = '';
    while (!alert.includes('Phone')) alert = (await smtp.next(email)).body;
    expect(alert).toContain('10.2.1.1 Phone');

    await su.collections.update('users', { authAlert: { enabled: false } });
    const before = origins(user.id).length;
    await clientFrom('10.2.2.1', 'UA').collection('users').authWithPassword(email, PASSWORD);
    expect(origins(user.id)).toHaveLength(before);
    await su.collections.update('users', { authAlert: { enabled: true } });
  });

  test('a user agent is cut to 200 characters for the fingerprint', () => {
    const long = 'x'.repeat(300);
    expect(authFingerprint('1.2.3.4', long)).toBe(
      authFingerprint('1.2.3.4', `${'x'.repeat(200)}...`),
    );
  });
});
