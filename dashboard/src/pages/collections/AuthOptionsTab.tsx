// Auth collection options: methods (password, OTP, MFA, OAuth2), token durations, mail templates.
import { Row, TagsInput, Toggle } from '../../components/ui.tsx';
import type { DraftProps } from './draft.ts';
import { MailTemplates } from './MailTemplates.tsx';
import { OAuth2Providers } from './OAuth2Providers.tsx';

type Obj = Record<string, unknown>;
const TOKENS = [
  ['authToken', 'Auth'],
  ['verificationToken', 'Email verification'],
  ['passwordResetToken', 'Password reset'],
  ['emailChangeToken', 'Email change'],
  ['fileToken', 'Protected file access'],
] as const;
export function AuthOptionsTab({ draft, errors, onChange }: DraftProps) {
  const d = draft as unknown as Obj;
  const sub = (k: string): Obj => {
    if (!d[k]) d[k] = {};
    return d[k] as Obj;
  };
  const set = (k: string, patch: Obj) => {
    Object.assign(sub(k), patch);
    onChange();
  };
  const isSuperusers = draft.name === '_superusers';
  const num = (k: string, key: string, label: string) => (
    <Row label={label} error={errors[`${k}.${key}`]}>
      <input
        type="number"
        value={Number(sub(k)[key] ?? 0)}
        onInput={(e) => set(k, { [key]: Number(e.currentTarget.value) })}
      />
    </Row>
  );
  return (
    <div class="auth-tab">
      <h3>Password</h3>
      <Toggle
        label="Enable password auth"
        checked={!!sub('passwordAuth').enabled}
        onChange={(v) => set('passwordAuth', { enabled: v })}
      />
      <Row label="Identity fields" error={errors['passwordAuth.identityFields']}>
        <TagsInput
          value={sub('passwordAuth').identityFields as string[]}
          onChange={(v) => set('passwordAuth', { identityFields: v })}
        />
      </Row>

      <h3>One-time password (OTP)</h3>
      <Toggle
        label="Enable OTP"
        checked={!!sub('otp').enabled}
        onChange={(v) => set('otp', { enabled: v })}
      />
      <div class="grid2">
        {num('otp', 'duration', 'Duration (seconds)')}
        {num('otp', 'length', 'Code length')}
      </div>

      <h3>Multi-factor authentication</h3>
      <Toggle
        label="Enable MFA (requires two auth methods)"
        checked={!!sub('mfa').enabled}
        onChange={(v) => set('mfa', { enabled: v })}
      />
      {errors['mfa.enabled'] && <small class="error-text">{errors['mfa.enabled']}</small>}
      <div class="grid2">
        {num('mfa', 'duration', 'Duration (seconds)')}
        <Row label="MFA rule (empty = always)" error={errors['mfa.rule']}>
          <input
            type="text"
            class="code"
            value={String(sub('mfa').rule ?? '')}
            onInput={(e) => set('mfa', { rule: e.currentTarget.value })}
          />
        </Row>
      </div>

      {!isSuperusers && <OAuth2Providers draft={draft} errors={errors} onChange={onChange} />}

      <h3>Token durations (seconds)</h3>
      <div class="grid2">
        {TOKENS.map(([k, label]) => (
          <div key={k}>{num(k, 'duration', label)}</div>
        ))}
      </div>

      <MailTemplates draft={draft} errors={errors} onChange={onChange} />
    </div>
  );
}
