// SMTP transport through nodemailer, configured like PocketBase's `settings.smtp` (http-api.md §8).
import type { Transporter } from 'nodemailer';
import { formatAddress, htmlToText, type Mailer, type MailMessage } from './mailer.ts';

/** The part of `settings.smtp` a transport needs (kept structural: mail knows nothing of core). */
export interface SmtpConfig {
  host: string;
  port: number;
  username: string;
  password: string;
  /** `""` (auto), `PLAIN` or `LOGIN`. */
  authMethod: string;
  /** true: implicit TLS from the first byte (port 465 style); false: STARTTLS when offered. */
  tls: boolean;
  localName: string;
}

/** A transport per distinct configuration, so a settings change takes effect on the next mail. */
const transports = new Map<string, Transporter>();

/** nodemailer is loaded on the first mail, not at start-up: most servers rarely send one. */
let nodemailerLoading: Promise<typeof import('nodemailer')> | null = null;

async function transportFor(config: SmtpConfig): Promise<Transporter> {
  const key = JSON.stringify(config);
  const existing = transports.get(key);
  if (existing) return existing;
  nodemailerLoading ??= import('nodemailer');
  const nodemailer = (await nodemailerLoading).default;
  const raced = transports.get(key); // another mail created it while nodemailer loaded
  if (raced) return raced;
  for (const old of transports.values()) old.close();
  transports.clear();
  const t = nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.tls,
    name: config.localName || undefined,
    auth: config.username ? { user: config.username, pass: config.password } : undefined,
    authMethod: config.authMethod || undefined,
    // A stuck server must not hold a request (request-email-change waits for the send).
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 30_000,
  });
  transports.set(key, t);
  return t;
}

export function smtpMailer(config: SmtpConfig): Mailer {
  return {
    async send(message: MailMessage) {
      await (await transportFor(config)).sendMail({
        from: formatAddress(message.from),
        to: message.to.map(formatAddress),
        subject: message.subject,
        html: message.html,
        text: message.text ?? htmlToText(message.html),
      });
    },
  };
}
