// All five auth mail templates edited in the collection editor, then used by real mails (SMTP sink).
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import type PocketBase from 'pocketbase';
import { type SmtpSink, startSmtpSink } from '../mail/smtp-sink.ts';
import type { TestServer } from '../support/server.ts';
import { closeDashboard, hasChromium, openDashboard, shot } from './browser.ts';

const T = 60_000; // a browser test on 2 busy cores; the npm test default too
const EMAIL = 'reader@example.com';
const PASSWORD = 'reader-password-1';

/** Subject and body typed into each template; `insert` is a placeholder clicked from the list. */
const EDITS = [
  { key: 'verificationTemplate', subject: 'T1 verify', insert: '{TOKEN}' },
  { key: 'resetPasswordTemplate', subject: 'T2 reset', insert: '{TOKEN}' },
  { key: 'confirmEmailChangeTemplate', subject: 'T3 change', insert: '{TOKEN}' },
  { key: 'otp.emailTemplate', subject: 'T4 code', insert: '{OTP}' },
  { key: 'authAlert.emailTemplate', subject: 'T5 alert', insert: '{ALERT_INFO}' },
] as const;

describe.skipIf(!hasChromium)('mail templates (chromium + SMTP sink)', () => {
  let server: TestServer;
  let smtp: SmtpSink;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    smtp = await startSmtpSink();
    ({ server, browser, page, pageErrors } = await openDashboard({
      height: 900,
      seed: async (su) => {
        await su.settings.update({ smtp: smtp.settings(), meta: { appName: 'Satchel Test' } });
        await su.collection('users').create({
          email: EMAIL,
          password: PASSWORD,
          passwordConfirm: PASSWORD,
          name: 'Reader',
        });
      },
    }));
  }, 60_000);

  afterAll(async () => {
    await closeDashboard(browser, server);
    await smtp?.close();
  }, T);

  /** An SDK client with its own user agent: a new "location" for the login alert. */
  const clientAs = (ua: string): PocketBase => {
    const pb = server.client();
    pb.beforeSend = (url, options) => {
      options.headers = { ...options.headers, 'user-agent': ua };
      return { url, options };
    };
    return pb;
  };

  test(
    'each template lists its placeholders; all five save through the collection editor',
    async () => {
      await page.goto(`${server.url}/_/#/collections/users`);
      await page.click('[data-testid=edit-collection]');
      await page.click('.tabs >> text=Options');
      await page.locator('.toggle', { hasText: 'Enable OTP' }).locator('input').check();
      for (const e of EDITS) {
        const t = page.locator(`details[data-template="${e.key}"]`);
        await t.locator('summary').click();
        const names = await t
          .locator('[data-placeholder]')
          .evaluateAll((els) => els.map((el) => el.getAttribute('data-placeholder')));
        expect(names).toContain('{APP_NAME}');
        expect(names).toContain('{RECORD:email}');
        expect(names).toContain(e.insert);
        expect(names).not.toContain('{RECORD:password}');
        expect(names).not.toContain('{RECORD:tokenKey}');
        // Only the template's own placeholders: no {OTP} in the verification mail and so on.
        for (const other of ['{TOKEN}', '{OTP}', '{ALERT_INFO}'].filter((p) => p !== e.insert))
          expect(names).not.toContain(other);

        await t.locator(`input[name="${e.key}.subject"]`).fill(`${e.subject} {APP_NAME}`);
        const body = t.locator(`textarea[name="${e.key}.body"]`);
        await body.fill('<p>Hi {RECORD:name}, code=[');
        await body.press('End');
        await t.locator(`[data-placeholder="${e.insert}"]`).click();
        await body.press('End');
        await body.pressSequentially(']</p>');
        expect(await body.inputValue()).toBe(`<p>Hi {RECORD:name}, code=[${e.insert}]</p>`);
      }
      await shot(page, 'mail-templates');
      await page.click('[data-testid=collection-save]');
      await page.waitForSelector('.panel', { state: 'detached' });

      const users = await (await server.superuserClient()).collections.getOne('users');
      expect(users.verificationTemplate.subject).toBe('T1 verify {APP_NAME}');
      expect(users.otp.enabled).toBe(true);
      expect(users.otp.emailTemplate.body).toBe('<p>Hi {RECORD:name}, code=[{OTP}]</p>');
      expect(users.authAlert.emailTemplate.subject).toBe('T5 alert {APP_NAME}');
    },
    T,
  );

  test(
    'real mails use the saved templates with their placeholders filled in',
    async () => {
      const guest = server.client();
      const code = (body: string) => /code=\[([^\]]*)\]/.exec(body)?.[1] ?? '';

      await guest.collection('users').requestVerification(EMAIL);
      const verify = await smtp.next(EMAIL);
      expect(verify.subject).toBe('T1 verify Satchel Test');
      expect(verify.body).toContain('Hi Reader');
      expect(code(verify.body)).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/); // a JWT

      await guest.collection('users').requestPasswordReset(EMAIL);
      const reset = await smtp.next(EMAIL);
      expect(reset.subject).toBe('T2 reset Satchel Test');
      expect(code(reset.body)).toMatch(/^eyJ/);

      // The first login is the record's first origin (no alert); one from another browser is new.
      await clientAs('Browser A/1.0').collection('users').authWithPassword(EMAIL, PASSWORD);
      const user = clientAs('Another Browser/2.0');
      await user.collection('users').authWithPassword(EMAIL, PASSWORD);
      const alert = await smtp.next(EMAIL);
      expect(alert.subject).toBe('T5 alert Satchel Test');
      expect(code(alert.body)).toContain('Another Browser/2.0');

      await user.collection('users').requestEmailChange('new-reader@example.com');
      const change = await smtp.next('new-reader@example.com');
      expect(change.subject).toBe('T3 change Satchel Test');
      expect(code(change.body)).toMatch(/^eyJ/);

      // Last: an OTP login of an unverified user resets its password (as PocketBase does).
      const { otpId } = await guest.collection('users').requestOTP(EMAIL);
      const otp = await smtp.next(EMAIL);
      expect(otp.subject).toBe('T4 code Satchel Test');
      expect(code(otp.body)).toMatch(/^\d{8}$/);
      const auth = await clientAs('Another Browser/2.0')
        .collection('users')
        .authWithOTP(otpId, code(otp.body));
      expect(auth.record.email).toBe(EMAIL);
    },
    T,
  );

  test('the page never threw', () => {
    expect(pageErrors).toEqual([]);
  });
});
