// A real SMTP server on a loopback port for tests: collects every mail and lets a test await the next one.
import { SMTPServer } from 'smtp-server';
import { within } from '../support/wait.ts';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  /** The whole message with quoted-printable soft breaks and escapes undone (links readable). */
  body: string;
}

export interface SmtpSink {
  port: number;
  mails: ReceivedMail[];
  /** Resolves with the first mail (already received or future) to `to` not yet taken; an error if none comes in time. */
  next(to: string): Promise<ReceivedMail>;
  /** `settings.smtp` pointing at this sink. */
  settings(): Record<string, unknown>;
  close(): Promise<void>;
}

function decodeQuotedPrintable(s: string): string {
  const bytes = s
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

function header(raw: string, name: string): string {
  const m = new RegExp(`^${name}: (.*(?:\\r?\\n[ \\t].*)*)`, 'mi').exec(raw);
  return m ? m[1]!.replace(/\r?\n[ \t]/g, ' ') : '';
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const mails: ReceivedMail[] = [];
  const taken = new Set<ReceivedMail>();
  const waiters: { to: string; resolve: (m: ReceivedMail) => void }[] = [];
  const offer = (mail: ReceivedMail) => {
    const i = waiters.findIndex((w) => mail.to.includes(w.to));
    if (i < 0) return;
    const [w] = waiters.splice(i, 1);
    taken.add(mail);
    w!.resolve(mail);
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: header(raw, 'Subject'),
          body: decodeQuotedPrintable(raw),
        };
        mails.push(mail);
        offer(mail);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    mails,
    next(to) {
      const ready = mails.find((m) => !taken.has(m) && m.to.includes(to));
      if (ready) {
        taken.add(ready);
        return Promise.resolve(ready);
      }
      const waiter = { to, resolve: (_: ReceivedMail) => {} };
      const arrival = new Promise<ReceivedMail>((resolve) => {
        waiter.resolve = resolve;
        waiters.push(waiter);
      });
      const seen = () => mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join('; ') || 'none';
      return within(`a mail to ${to}`, arrival, {
        detail: () => `mails so far: ${seen()}`,
      }).finally(() => {
        const i = waiters.indexOf(waiter);
        if (i >= 0) waiters.splice(i, 1);
      });
    },
    settings: () => ({
      enabled: true,
      host: '127.0.0.1',
      port,
      username: '',
      password: '',
      authMethod: '',
      tls: false,
      localName: '',
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token of a `…/confirm-<kind>/<token>` link in the mail body. */
export function linkToken(mail: ReceivedMail, kind: string): string {
  const m = new RegExp(`/confirm-${kind}/([A-Za-z0-9_.-]+)`).exec(mail.body);
  if (!m) throw new Error(`no confirm-${kind} link in mail "${mail.subject}"`);
  return m[1]!;
}
