// `$mails.*` and `new MailerMessage(…)` with `$app.newMailClient().send(…)`: mail through Satchel's mailer.
import { mailerFor, sendAuthMail } from '../../core/auth/mail-flows/auth-mail.ts';
import { signRecordToken } from '../../core/auth/tokens/tokens.ts';
import type { Core } from '../../core/core.ts';
import type { MailAddress } from '../../mail/mailer.ts';
import { unsupported } from './errors.ts';
import type { PbRecord } from './record.ts';

/** `new MailerMessage({from, to, subject, html, text})`, PocketBase's mailer.Message. */
export class MailerMessage {
  from: MailAddress = { address: '' };
  to: MailAddress[] = [];
  subject = '';
  html = '';
  text = '';
  constructor(data: Partial<MailerMessage> = {}) {
    Object.assign(this, data);
  }
}

export function mailClient(core: Core) {
  return {
    send: (m: MailerMessage) =>
      mailerFor(core).send({
        from: m.from,
        to: m.to,
        subject: m.subject,
        html: m.html,
        text: m.text || undefined,
      }),
  };
}

/** A token mail of an auth record (PocketBase's `$mails.sendRecord…(app, record)`). */
async function sendTokenMail(
  core: Core,
  r: PbRecord,
  type: 'verification' | 'passwordReset',
  key: 'verificationTemplate' | 'resetPasswordTemplate',
): Promise<void> {
  const template = r.stored.auth?.[key];
  if (!template) throw new Error(`$mails: ${r.stored.name} is not an auth collection`);
  const token = signRecordToken(type, r.stored, r.data, { email: r.email() });
  await sendAuthMail(core, { collection: r.stored, record: r.data, template, token });
}

export function createMails(core: Core) {
  return {
    sendRecordVerification: (_app: unknown, r: PbRecord) =>
      sendTokenMail(core, r, 'verification', 'verificationTemplate'),
    sendRecordPasswordReset: (_app: unknown, r: PbRecord) =>
      sendTokenMail(core, r, 'passwordReset', 'resetPasswordTemplate'),
    sendRecordChangeEmail: unsupported('$mails.sendRecordChangeEmail'),
    sendRecordOTP: unsupported('$mails.sendRecordOTP'),
    sendRecordAuthAlert: unsupported('$mails.sendRecordAuthAlert'),
  };
}
