// Sends one auth e-mail (verification, reset, e-mail change, OTP, alert) through the configured mailer.
import { logMailer } from '../../../mail/log.ts';
import type { Mailer, MailMessage } from '../../../mail/mailer.ts';
import { smtpMailer } from '../../../mail/smtp.ts';
import { renderTemplate } from '../../../mail/template.ts';
import type { Collection, EmailTemplate } from '../../collections/model.ts';
import type { Core } from '../../core.ts';
import type { RecordData } from '../../records/record.ts';

/** SMTP when `settings.smtp.enabled`, else the console: a fresh install still shows the links. */
export function mailerFor(core: Core): Mailer {
  const smtp = core.settings.get().smtp;
  return smtp.enabled ? smtpMailer(smtp) : logMailer();
}

/** Which auth e-mail: names its `onMailerRecord*Send` hook (none for a test e-mail). */
export type AuthMailKind = 'passwordReset' | 'verification' | 'emailChange' | 'otp' | 'authAlert';

const RECORD_HOOKS = {
  passwordReset: 'onMailerRecordPasswordResetSend',
  verification: 'onMailerRecordVerificationSend',
  emailChange: 'onMailerRecordEmailChangeSend',
  otp: 'onMailerRecordOTPSend',
  authAlert: 'onMailerRecordAuthAlertSend',
} as const;

export interface AuthMailInput {
  kind?: AuthMailKind;
  collection: Collection;
  record: RecordData;
  template: EmailTemplate;
  /** Recipient; the record's e-mail by default (e-mail change mails go to the new address). */
  to?: string;
  token?: string;
  otp?: string;
  otpId?: string;
  alertInfo?: string;
}

/** The fields `{RECORD:field}` may print: hidden fields (password, tokenKey, …) never. */
function visibleFields(collection: Collection, record: RecordData): Record<string, unknown> {
  const out: Record<string, unknown> = { id: record.id };
  for (const f of collection.fields) if (!f.hidden) out[f.name] = record[f.name];
  return out;
}

export async function sendAuthMail(core: Core, input: AuthMailInput): Promise<void> {
  const { meta } = core.settings.get();
  const to = input.to ?? String(input.record.email ?? '');
  const rendered = renderTemplate(input.template, {
    appName: meta.appName,
    appURL: meta.appURL,
    token: input.token,
    otp: input.otp,
    otpId: input.otpId,
    alertInfo: input.alertInfo,
    record: visibleFields(input.collection, input.record),
  });
  const message: MailMessage = {
    from: { address: meta.senderAddress, name: meta.senderName },
    to: [{ address: to }],
    subject: rendered.subject,
    html: rendered.html,
  };
  const hook = input.kind ? core.hooks[RECORD_HOOKS[input.kind]] : null;
  if (!hook || hook.length === 0) return sendMail(core, message);
  const { collection, record, token, otp, otpId, alertInfo } = input;
  const data = Object.fromEntries(
    Object.entries({ token, otp, otpId, alertInfo }).filter(([, v]) => v !== undefined),
  );
  await hook.trigger({ message, collection, record, meta: data }, (e) => sendMail(core, e.message));
}

/** Sends one e-mail through `onMailerSend` and the configured mailer. */
export async function sendMail(core: Core, message: MailMessage): Promise<void> {
  const hook = core.hooks.onMailerSend;
  if (hook.length === 0) return mailerFor(core).send(message);
  await hook.trigger({ message }, (e) => mailerFor(core).send(e.message));
}

/** Fire-and-forget sends (the API never reports them, auth.md §6): failures go to the log only. */
export function sendAuthMailInBackground(
  core: Core,
  input: AuthMailInput,
  onError?: (err: unknown) => void,
): Promise<void> {
  return sendAuthMail(core, input).catch((err: unknown) => {
    console.error(`mail: failed to send to ${input.to ?? String(input.record.email ?? '')}:`, err);
    onError?.(err);
  });
}
