// Application settings: name, URL, sender, batch API, superuser IPs, trusted proxy.
import { Row, TagsInput, Toggle } from '../../components/ui.tsx';
import { SaveBar, type SettingsState, useDraft } from './form.tsx';

export function ApplicationSection({ s }: { s: SettingsState }) {
  const { draft, set, replace, reset, save } = useDraft(s, [
    'meta',
    'batch',
    'trustedProxy',
    'superuserIPs',
  ]);
  const m = draft.meta!;
  const b = draft.batch!;
  const e = s.errors;
  const text = (
    k: string,
    label: string,
    type: 'text' | 'email' | 'number' | 'password' = 'text',
  ) => (
    <Row label={label} error={e[`meta.${k}`]}>
      <input
        type={type as 'text'}
        name={`meta.${k}`}
        value={String(m[k] ?? '')}
        onInput={(ev) => set('meta', { [k]: ev.currentTarget.value })}
      />
    </Row>
  );
  return (
    <div>
      <h1>Application</h1>
      <div class="grid2">
        {text('appName', 'Application name')}
        {text('appURL', 'Application URL')}
        {text('senderName', 'Sender name')}
        {text('senderAddress', 'Sender address', 'email')}
      </div>
      <Toggle
        label="Hide collection create and edit controls"
        checked={!!m.hideControls}
        onChange={(v) => set('meta', { hideControls: v })}
      />
      <h3>Batch API</h3>
      <Toggle
        label="Enable /api/batch"
        checked={!!b.enabled}
        onChange={(v) => set('batch', { enabled: v })}
      />
      <div class="grid2">
        {(['maxRequests', 'timeout', 'maxBodySize'] as const).map((k) => (
          <Row
            key={k}
            label={
              {
                maxRequests: 'Max requests',
                timeout: 'Timeout (s)',
                maxBodySize: 'Max body size (bytes)',
              }[k]
            }
            error={e[`batch.${k}`]}
          >
            <input
              type="number"
              value={Number(b[k] ?? 0)}
              onInput={(ev) => set('batch', { [k]: Number(ev.currentTarget.value) })}
            />
          </Row>
        ))}
      </div>
      <h3>Superuser IPs</h3>
      <Row
        label="Allow superuser requests only from these IPs or subnets (empty = from anywhere)"
        error={e.superuserIPs}
        hint="e.g. 127.0.0.1, 10.0.0.0/8. Make sure your own IP is listed before saving."
      >
        <TagsInput
          name="superuserIPs"
          value={draft.superuserIPs as unknown as string[]}
          placeholder="127.0.0.1, 192.168.0.0/16"
          onChange={(v) => replace('superuserIPs', v)}
        />
      </Row>
      <h3>Trusted proxy</h3>
      <Row label="IP headers (e.g. X-Forwarded-For)" error={e['trustedProxy.headers']}>
        <TagsInput
          value={draft.trustedProxy!.headers as string[]}
          onChange={(v) => set('trustedProxy', { headers: v })}
        />
      </Row>
      <Toggle
        label="Use leftmost IP"
        checked={!!draft.trustedProxy!.useLeftmostIP}
        onChange={(v) => set('trustedProxy', { useLeftmostIP: v })}
      />
      <SaveBar s={s} onReset={reset} onSave={save} />
    </div>
  );
}
