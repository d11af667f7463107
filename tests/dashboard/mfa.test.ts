// Superuser login with MFA in chromium: password first, then the one-time code read from a real SMTP sink.
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser } from 'playwright-core';
import { type SmtpSink, startSmtpSink } from '../mail/smtp-sink.ts';
import { TEST_SUPERUSER, type TestServer } from '../support/server.ts';
import {
  closeDashboard,
  hasChromium,
  launch,
  shot,
  startDashboardServer,
  trackErrors,
} from './browser.ts';

const T = 60_000; // a browser test on 2 busy cores; the npm test default too

function otpOf(body: string): string {
  const m = /one-time password is: <strong>(\d+)<\/strong>/.exec(body);
  if (!m) throw new Error('no OTP in mail');
  return m[1]!;
}

describe.skipIf(!hasChromium)('superuser login with MFA (chromium)', () => {
  let server: TestServer;
  let smtp: SmtpSink;
  let browser: Browser;

  beforeAll(async () => {
    [server, smtp, browser] = await Promise.all([
      startDashboardServer(),
      startSmtpSink(),
      launch(),
    ]);
    const pb = await server.superuserClient();
    await pb.settings.update({ smtp: smtp.settings() });
    await pb.collections.update('_superusers', {
      otp: { enabled: true, length: 6 },
      mfa: { enabled: true },
    });
  }, 60_000);

  afterAll(async () => {
    await closeDashboard(browser, server);
    await smtp?.close();
  });

  test(
    'password, then a wrong code is refused, then the mailed code opens the shell',
    async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const errors = trackErrors(page);
      await page.goto(`${server.url}/_/`);
      await page.fill('input[name=email]', TEST_SUPERUSER.email);
      await page.fill('input[name=password]', TEST_SUPERUSER.password);
      await page.click('button[type=submit]');
      await page.waitForSelector('input[name=otp]');
      expect(await page.textContent('.login')).toContain('Multi-factor authentication');
      const code = otpOf((await smtp.next(TEST_SUPERUSER.email)).body);

      await page.fill('input[name=otp]', code === '000000' ? '111111' : '000000');
      await page.click('button[type=submit]');
      await page.waitForSelector('.login .error-box');
      await shot(page, 'login-mfa');

      await page.fill('input[name=otp]', code);
      await page.click('button[type=submit]');
      await page.waitForSelector('nav.rail');
      // The dashboard's stored token is a working superuser token.
      const token = await page.evaluate(() => {
        const raw = localStorage.getItem('satchel_superuser_auth');
        return raw ? (JSON.parse(raw) as { token: string }).token : '';
      });
      const as = server.client();
      as.authStore.save(token);
      expect(as.authStore.isSuperuser).toBe(true);
      expect((await as.collections.getFullList()).length).toBeGreaterThan(0);
      expect(errors).toEqual([]);
    },
    T,
  );
});
