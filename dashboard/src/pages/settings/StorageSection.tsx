// Files storage: local disk or S3, with a connection test.
import { useState } from 'preact/hooks';
import { ErrorBox, Row, Toggle } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { toast } from '../../stores/toasts.ts';
import { SaveBar, type SettingsState, useDraft } from './form.tsx';

export function StorageSection({ s }: { s: SettingsState }) {
  const { draft, set, reset, save } = useDraft(s, ['s3']);
  const s3 = draft.s3!;
  const e = s.errors;
  const [testError, setTestError] = useState('');
  const test = async () => {
    setTestError('');
    try {
      await pb.settings.testS3('storage');
      toast('S3 connection successful');
    } catch (err) {
      setTestError(errorMessage(err));
    }
  };
  const field = (
    k: string,
    label: string,
    type: 'text' | 'email' | 'number' | 'password' = 'text',
  ) => (
    <Row label={label} error={e[`s3.${k}`]}>
      <input
        type={type as 'text'}
        name={`s3.${k}`}
        value={String(s3[k] ?? '')}
        onInput={(ev) => set('s3', { [k]: ev.currentTarget.value })}
      />
    </Row>
  );
  return (
    <div>
      <h1>Files storage</h1>
      <p class="muted">
        Files are stored on the local disk by default. Enable S3 to use any S3-compatible storage.
      </p>
      <Toggle
        label="Use S3 storage"
        checked={!!s3.enabled}
        onChange={(v) => set('s3', { enabled: v })}
      />
      {!!s3.enabled && (
        <div class="grid2">
          {field('endpoint', 'Endpoint')}
          {field('bucket', 'Bucket')}
          {field('region', 'Region')}
          {field('accessKey', 'Access key')}
          {field('secret', 'Secret (write only)', 'password')}
          <Toggle
            label="Force path-style addressing"
            checked={!!s3.forcePathStyle}
            onChange={(v) => set('s3', { forcePathStyle: v })}
          />
        </div>
      )}
      <SaveBar s={s} onReset={reset} onSave={save} />
      <button type="button" class="btn" onClick={test}>
        Test S3 connection (saved settings)
      </button>
      <ErrorBox text={testError} />
    </div>
  );
}
