// SMTP settings and a "send test email" action.
import { useState } from 'preact/hooks';
import { ErrorBox, Row, Toggle } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { collections } from '../../stores/collections.ts';
import { toast } from '../../stores/toasts.ts';
import { SaveBar, type SettingsState, useDraft } from './form.tsx';

const TEMPLATES = ['verification', 'password-reset', 'email-change', 'otp', 'login-alert'];

export function MailSection({ s }: { s: SettingsState }) {
  const { draft, set, reset, save } = useDraft(s, ['smtp']);
  const smtp = draft.smtp!;
  const e = s.errors;
  const [to, setTo] = useState('');
  const [template, setTemplate] = useState('verification');
  const [collection, setCollection] = useState('_superusers');
  const [testError, setTestError] = useState('');
  const [sending, setSending] = useState(false);

  const sendTest = async () => {
    setSending(true);
    setTestError('');
    try {
      await pb.settings.testEmail(collection, to, template);
      toast(`Test email sent to ${to}`);
    } catch (err) {
      setTestError(errorMessage(err));
    } finally {
      setSending(false);
    }
  };
  const field = (
    k: string,
    label: string,
    type: 'text' | 'email' | 'number' | 'password' = 'text',
  ) => (
    <Row label={label} error={e[`smtp.${k}`]}>
      <input
        type={type as 'text'}
        name={`smtp.${k}`}
        value={String(smtp[k] ?? '')}
        onInput={(ev) =>
          set('smtp', {
            [k]: type === 'number' ? Number(ev.currentTarget.value) : ev.currentTarget.value,
          })
        }
      />
    </Row>
  );
  return (
    <div>
      <h1>Mail settings</h1>
      <Toggle
        label="Use SMTP mail server"
        checked={!!smtp.enabled}
        onChange={(v) => set('smtp', { enabled: v })}
      />
      {!!smtp.enabled && (
        <div class="grid2">
          {field('host', 'SMTP server host')}
          {field('port', 'Port', 'number')}
          {field('username', 'Username')}
          {field('password', 'Password (write only)', 'password')}
          <Row label="Auth method" error={e['smtp.authMethod']}>
            <select
              value={String(smtp.authMethod ?? '')}
              onChange={(ev) => set('smtp', { authMethod: ev.currentTarget.value })}
            >
              <option value="">Auto</option>
              <option value="PLAIN">PLAIN</option>
              <option value="LOGIN">LOGIN</option>
            </select>
          </Row>
          {field('localName', 'EHLO/HELO domain')}
          <Toggle label="Use TLS" checked={!!smtp.tls} onChange={(v) => set('smtp', { tls: v })} />
        </div>
      )}
      <SaveBar s={s} onReset={reset} onSave={save} />
      <h3>Send test email</h3>
      <div class="grid2">
        <Row label="To">
          <input
            type="email"
            name="testEmail"
            value={to}
            onInput={(ev) => setTo(ev.currentTarget.value)}
          />
        </Row>
        <Row label="Template">
          <select value={template} onChange={(ev) => setTemplate(ev.currentTarget.value)}>
            {TEMPLATES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </Row>
        <Row label="Auth collection">
          <select value={collection} onChange={(ev) => setCollection(ev.currentTarget.value)}>
            {collections.value
              .filter((c) => c.type === 'auth')
              .map((c) => (
                <option key={c.id}>{c.name}</option>
              ))}
          </select>
        </Row>
      </div>
      <button type="button" class="btn" disabled={!to || sending} onClick={sendTest}>
        {sending ? 'Sending…' : 'Send test email'}
      </button>
      <ErrorBox text={testError} />
    </div>
  );
}
