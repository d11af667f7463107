// The five auth mail templates of a collection, each with the placeholders it supports beside it.
import { useRef } from 'preact/hooks';
import { Row, Toggle } from '../../components/ui.tsx';
import type { Draft, DraftProps } from './draft.ts';

type Obj = Record<string, unknown>;

interface TemplateSpec {
  /** Where the template lives in the collection: `otp.emailTemplate`, `verificationTemplate`… */
  path: string[];
  label: string;
  /** Placeholders besides {APP_NAME}, {APP_URL} and {RECORD:*}. */
  own: string[];
  help: string;
}

export const TEMPLATE_SPECS: TemplateSpec[] = [
  {
    path: ['verificationTemplate'],
    label: 'Verification',
    own: ['{TOKEN}'],
    help: 'Sent by requestVerification.',
  },
  {
    path: ['resetPasswordTemplate'],
    label: 'Password reset',
    own: ['{TOKEN}'],
    help: 'Sent by requestPasswordReset.',
  },
  {
    path: ['confirmEmailChangeTemplate'],
    label: 'Email change',
    own: ['{TOKEN}'],
    help: 'Sent to the new address by requestEmailChange.',
  },
  {
    path: ['otp', 'emailTemplate'],
    label: 'OTP',
    own: ['{OTP}', '{OTP_ID}'],
    help: 'Sent by requestOTP when OTP is enabled.',
  },
  {
    path: ['authAlert', 'emailTemplate'],
    label: 'Login alert',
    own: ['{ALERT_INFO}'],
    help: 'Sent after a login from a new location (IP and user agent) when the alert is on.',
  },
];

/** Fields a template may print as {RECORD:name}: the server never prints hidden ones. */
function recordPlaceholders(draft: Draft): string[] {
  return draft.fields
    .filter((f) => !f.hidden && f.type !== 'password' && f.name !== 'tokenKey')
    .map((f) => `{RECORD:${f.name}}`);
}

function templateAt(draft: Draft, path: string[]): Obj {
  let node = draft as unknown as Obj;
  for (const k of path) {
    if (!node[k] || typeof node[k] !== 'object') node[k] = {};
    node = node[k] as Obj;
  }
  return node;
}

function TemplateEditor({ spec, draft, errors, onChange }: DraftProps & { spec: TemplateSpec }) {
  const t = templateAt(draft, spec.path);
  const key = spec.path.join('.');
  const body = useRef<HTMLTextAreaElement>(null);
  const subject = useRef<HTMLInputElement>(null);
  /** The field last focused gets the placeholder at its cursor (the body when none was). */
  const last = useRef<'subject' | 'body'>('body');
  const insert = (p: string) => {
    const which = last.current;
    const el = which === 'subject' ? subject.current : body.current;
    const text = String(t[which] ?? '');
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + p + text.slice(end);
    t[which] = next;
    // The field and its cursor are set now, not in a later frame: keys typed right after the click
    // landed before a deferred cursor move, which then put the cursor back behind them (the
    // re-render finds the same value in the field and leaves it and the cursor alone).
    if (el) {
      el.value = next;
      el.focus();
      el.setSelectionRange(start + p.length, start + p.length);
    }
    onChange();
  };
  /** The subject input and the body textarea alike: named by path, tracked on focus, edited in place. */
  const part = (which: 'subject' | 'body') => ({
    name: `${key}.${which}`,
    value: String(t[which] ?? ''),
    onFocus: () => {
      last.current = which;
    },
    onInput: (e: { currentTarget: { value: string } }) => {
      t[which] = e.currentTarget.value;
      onChange();
    },
  });
  const placeholders = ['{APP_NAME}', '{APP_URL}', ...spec.own, ...recordPlaceholders(draft)];
  return (
    <details class="mail-template" data-template={key}>
      <summary>{spec.label}</summary>
      <div class="template-grid">
        <div>
          <Row label="Subject" error={errors[`${key}.subject`]}>
            <input type="text" ref={subject} {...part('subject')} />
          </Row>
          <Row label="Body (HTML)" error={errors[`${key}.body`]} hint={spec.help}>
            <textarea class="code" rows={8} ref={body} {...part('body')} />
          </Row>
        </div>
        <aside class="placeholders" aria-label={`${spec.label} placeholders`}>
          <div class="label">Placeholders (click to insert)</div>
          {placeholders.map((p) => (
            <button
              type="button"
              key={p}
              class="chip"
              data-placeholder={p}
              // Keep the cursor where it was in the subject or body.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => insert(p)}
            >
              {p}
            </button>
          ))}
        </aside>
      </div>
    </details>
  );
}

export function MailTemplates({ draft, errors, onChange }: DraftProps) {
  const alert = templateAt(draft, ['authAlert']);
  return (
    <>
      <h3>Mail templates</h3>
      {TEMPLATE_SPECS.map((spec) => (
        <TemplateEditor
          key={spec.path.join('.')}
          spec={spec}
          draft={draft}
          errors={errors}
          onChange={onChange}
        />
      ))}
      <Toggle
        label="Send an email alert on login from a new location"
        checked={!!alert.enabled}
        onChange={(v) => {
          alert.enabled = v;
          onChange();
        }}
      />
    </>
  );
}
