// POST /api/settings/test/email (http-api.md §8): one template of an auth collection, sent for real with sample values.
import type { Core } from '../../core.ts';
import { BadRequestError } from '../../errors.ts';
import { newRecordId } from '../../ids.ts';
import { requireAuthCollection } from '../auth-collection.ts';
import { sendAuthMail } from './auth-mail.ts';

export type TestTemplate =
  | 'verification'
  | 'password-reset'
  | 'email-change'
  | 'otp'
  | 'login-alert';

export async function sendTestEmail(
  core: Core,
  input: { email: string; template: TestTemplate; collection: string },
): Promise<void> {
  const collection = requireAuthCollection(core, input.collection || '_superusers');
  const a = collection.auth!;
  const template = {
    verification: a.verificationTemplate,
    'password-reset': a.resetPasswordTemplate,
    'email-change': a.confirmEmailChangeTemplate,
    otp: a.otp.emailTemplate,
    'login-alert': a.authAlert.emailTemplate,
  }[input.template];
  // Testing SMTP with SMTP off would only print to the log: say so instead of a false success.
  if (!core.settings.get().smtp.enabled) {
    throw new BadRequestError(
      'Failed to send the test email: SMTP is not enabled, so mail is not available (it goes to the log).',
    );
  }
  // A stand-in record: the placeholders resolve, nothing of a real account is exposed.
  const record = { id: newRecordId(), email: input.email };
  try {
    await sendAuthMail(core, {
      collection,
      record,
      template,
      to: input.email,
      token: 'TEST_TOKEN',
      otp: '123456',
      otpId: 'TEST_OTP_ID',
      alertInfo: `${new Date().toISOString()} - 127.0.0.1 Test browser`,
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new BadRequestError(`Failed to send the test email: ${reason}`);
  }
}
