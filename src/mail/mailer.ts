// The mail seam: what auth flows hand over to be sent, and the one interface every transport implements.

export interface MailAddress {
  address: string;
  name?: string;
}

export interface MailMessage {
  from: MailAddress;
  to: MailAddress[];
  subject: string;
  html: string;
  /** Plain-text alternative; derived from `html` when absent. */
  text?: string;
}

export interface Mailer {
  /** Resolves once the transport accepted the message; rejects on any delivery failure. */
  send(message: MailMessage): Promise<void>;
}

/** `Name <a@b.c>` or the bare address. */
export function formatAddress(a: MailAddress): string {
  return a.name ? `"${a.name.replaceAll('"', '')}" <${a.address}>` : a.address;
}

/** A readable text part from a template's HTML: links kept as `label (url)`, tags dropped. */
export function htmlToText(html: string): string {
  return html
    .replace(/<a\s[^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/gis, '$2 ($1)')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
