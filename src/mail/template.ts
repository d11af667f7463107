// Renders an e-mail template with PocketBase's placeholders (collections-and-fields.md §2), values HTML-escaped.

export interface TemplateValues {
  appName: string;
  appURL: string;
  token?: string;
  otp?: string;
  otpId?: string;
  alertInfo?: string;
  /** The record's fields for `{RECORD:field}`: strings as they are, other values as JSON. */
  record?: Record<string, unknown>;
}

export interface RenderedMail {
  subject: string;
  html: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Values are data, never markup: a display name `<script>` arrives as text. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function recordValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Secrets a template must never print, whatever `{RECORD:…}` it asks for. */
const HIDDEN_RECORD_FIELDS = new Set(['password', 'tokenKey']);

/**
 * `{APP_NAME}` `{APP_URL}` `{TOKEN}` `{OTP}` `{OTP_ID}` `{ALERT_INFO}` `{RECORD:field}` → values.
 * One pass over the text, so a value containing a placeholder is not expanded again.
 * `asHtml` false for the subject (plain text, not HTML).
 */
export function renderText(text: string, values: TemplateValues, asHtml = true): string {
  const esc = asHtml ? escapeHtml : (s: string) => s;
  const appURL = values.appURL.replace(/\/+$/, '');
  return text.replace(
    /\{(APP_NAME|APP_URL|TOKEN|OTP|OTP_ID|ALERT_INFO|RECORD:([\w]+))\}/g,
    (m, key: string, field?: string) => {
      switch (key) {
        case 'APP_NAME':
          return esc(values.appName);
        case 'APP_URL':
          return esc(appURL);
        case 'TOKEN':
          return values.token === undefined ? m : esc(values.token);
        case 'OTP':
          return values.otp === undefined ? m : esc(values.otp);
        case 'OTP_ID':
          return values.otpId === undefined ? m : esc(values.otpId);
        case 'ALERT_INFO':
          return values.alertInfo === undefined ? m : esc(values.alertInfo);
        default:
          if (!field || !values.record || HIDDEN_RECORD_FIELDS.has(field)) return '';
          return esc(recordValue(values.record[field]));
      }
    },
  );
}

export function renderTemplate(
  template: { subject: string; body: string },
  values: TemplateValues,
): RenderedMail {
  return {
    subject: renderText(template.subject, values, false),
    html: renderText(template.body, values),
  };
}
