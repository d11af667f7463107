// The fallback transport when SMTP is disabled: the mail goes to the console, so a developer sees the links.
import { formatAddress, htmlToText, type Mailer, type MailMessage } from './mailer.ts';

export function logMailer(write: (text: string) => void = console.log): Mailer {
  return {
    async send(message: MailMessage) {
      write(
        [
          '--- mail (SMTP is disabled: printed instead of sent) ---',
          `From: ${formatAddress(message.from)}`,
          `To: ${message.to.map(formatAddress).join(', ')}`,
          `Subject: ${message.subject}`,
          '',
          message.text ?? htmlToText(message.html),
          '--- end of mail ---',
        ].join('\n'),
      );
    },
  };
}
