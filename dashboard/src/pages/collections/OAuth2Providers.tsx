// OAuth2 providers of an auth collection: configured ones as cards, a searchable gallery to add
// one, and each provider's own settings (client, display name, PKCE, endpoints for OIDC and
// self-hosted ones, Apple's key-based client secret generator).
import { useEffect, useState } from 'preact/hooks';
import { Modal } from '../../components/Modal.tsx';
import { ErrorBox, Row, Toggle, useAutofocus } from '../../components/ui.tsx';
import { useUnsaved } from '../../components/unsaved.ts';
import { errorMessage, fieldErrors, pb } from '../../pb.ts';
import type { DraftProps } from './draft.ts';

type Obj = Record<string, unknown>;

export interface ProviderInfo {
  name: string;
  displayName: string;
  logo: string;
}

/** Providers whose endpoints depend on the deployment: the URLs are required. */
const NEEDS_URLS = new Set(['oidc', 'oidc2', 'oidc3', 'mailcow']);
/** Providers that may run self-hosted: the URLs are offered, the defaults used when empty. */
const MAY_OVERRIDE_URLS = new Set(['gitea', 'gitlab', 'microsoft']);

const logoSrc = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

function Logo({ info }: { info: ProviderInfo | undefined }) {
  return info ? <img class="provider-logo" alt="" src={logoSrc(info.logo)} /> : null;
}

function Gallery({
  providers,
  taken,
  onPick,
  onClose,
}: {
  providers: ProviderInfo[];
  taken: string[];
  onPick: (p: ProviderInfo) => void;
  onClose: () => void;
}) {
  const [q, setQ] = useState('');
  const search = useAutofocus<HTMLInputElement>();
  const needle = q.trim().toLowerCase();
  const list = providers.filter(
    (p) =>
      !needle ||
      p.name.toLowerCase().includes(needle) ||
      p.displayName.toLowerCase().includes(needle),
  );
  return (
    <Modal title="Add OAuth2 provider" wide onClose={onClose}>
      <input
        type="search"
        ref={search}
        name="provider-search"
        placeholder="Search providers…"
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
      />
      <div class="provider-gallery" data-testid="provider-gallery">
        {list.map((p) => {
          const added = taken.includes(p.name);
          return (
            <button
              type="button"
              key={p.name}
              class="provider-tile"
              data-provider={p.name}
              disabled={added}
              title={added ? 'Already added' : `Add ${p.displayName}`}
              onClick={() => onPick(p)}
            >
              <Logo info={p} />
              <span>{p.displayName}</span>
              {added && <small class="muted">added</small>}
            </button>
          );
        })}
        {list.length === 0 && <p class="empty">No provider matches "{q}".</p>}
      </div>
    </Modal>
  );
}

/** Apple's client secret is a JWT signed with the developer key: the server makes it. */
function AppleSecret({ clientId, onSecret }: { clientId: string; onSecret: (s: string) => void }) {
  const [form, setForm] = useState({ teamId: '', keyId: '', privateKey: '', duration: 15_777_000 });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const generate = async () => {
    setBusy(true);
    setError('');
    setErrors({});
    try {
      const res = await pb.send<{ secret: string }>('/api/settings/apple/generate-client-secret', {
        method: 'POST',
        body: { clientId, ...form },
      });
      onSecret(res.secret);
    } catch (err) {
      setError(errorMessage(err));
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };
  const text = (k: 'teamId' | 'keyId', label: string) => (
    <Row label={label} error={errors[k]}>
      <input
        type="text"
        name={`apple.${k}`}
        value={form[k]}
        onInput={(e) => setForm({ ...form, [k]: e.currentTarget.value })}
      />
    </Row>
  );
  return (
    <details class="apple-secret" open>
      <summary>Generate the client secret from your Apple key</summary>
      <div class="grid2">
        {text('teamId', 'Team ID')}
        {text('keyId', 'Key ID')}
      </div>
      <Row label="Duration (seconds, at most ~6 months)" error={errors.duration}>
        <input
          type="number"
          name="apple.duration"
          value={form.duration}
          onInput={(e) => setForm({ ...form, duration: Number(e.currentTarget.value) })}
        />
      </Row>
      <Row label="Private key (.p8)" error={errors.privateKey}>
        <textarea
          class="code"
          rows={4}
          name="apple.privateKey"
          placeholder="-----BEGIN PRIVATE KEY-----"
          value={form.privateKey}
          onInput={(e) => setForm({ ...form, privateKey: e.currentTarget.value })}
        />
      </Row>
      <ErrorBox text={error} />
      <button type="button" class="btn small" disabled={busy || !clientId} onClick={generate}>
        {busy ? 'Generating…' : 'Generate and use as client secret'}
      </button>
      {!clientId && <small class="muted"> Fill in the Client ID (Services ID) first.</small>}
    </details>
  );
}

function ProviderForm({
  info,
  initial,
  isNew,
  onDone,
  onClose,
}: {
  info: ProviderInfo;
  initial: Obj;
  isNew: boolean;
  onDone: (p: Obj) => void;
  onClose: () => void;
}) {
  const [p, setP] = useState<Obj>(() => ({ ...initial }));
  const set = (patch: Obj) => setP((old) => ({ ...old, ...patch }));
  const unsaved = useUnsaved(JSON.stringify(p) !== JSON.stringify(initial));
  const close = () => unsaved.guard(onClose);
  const needsUrls = NEEDS_URLS.has(info.name);
  const showUrls = needsUrls || MAY_OVERRIDE_URLS.has(info.name);
  const missing =
    !p.clientId || (isNew && !p.clientSecret) || (needsUrls && (!p.authURL || !p.tokenURL));
  const input = (k: string, label: string, type: 'text' | 'password' = 'text', hint?: string) => (
    <Row label={label} hint={hint}>
      <input
        type={type as 'text'}
        name={`provider.${k}`}
        autoComplete="off"
        value={String(p[k] ?? '')}
        onInput={(e) => set({ [k]: e.currentTarget.value })}
      />
    </Row>
  );
  const done = () => {
    if (missing) return;
    unsaved.saved();
    onDone(p);
  };
  return (
    <Modal
      title={
        <>
          <Logo info={info} /> {info.displayName} settings
        </>
      }
      onClose={close}
      onSave={done}
      footer={
        <>
          <div class="grow" />
          <button type="button" class="btn" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            class="btn primary"
            disabled={missing}
            onClick={done}
            data-testid="provider-done"
          >
            {isNew ? 'Add provider' : 'Set provider'}
          </button>
        </>
      }
    >
      <div class="grid2">
        {input('clientId', info.name === 'apple' ? 'Client ID (Services ID)' : 'Client ID')}
        {input(
          'clientSecret',
          isNew ? 'Client secret' : 'Client secret (empty = keep the saved one)',
          'password',
        )}
      </div>
      {input(
        'displayName',
        'Display name',
        'text',
        `Shown on login buttons; default "${info.displayName}".`,
      )}
      <Toggle
        name="provider.pkce"
        label="Use PKCE (turn off only for providers that reject it)"
        checked={p.pkce !== false}
        onChange={(v) => set({ pkce: v })}
      />
      {showUrls && (
        <>
          <h3>Endpoints</h3>
          {input('authURL', needsUrls ? 'Auth URL' : 'Auth URL (empty = default)')}
          {input('tokenURL', needsUrls ? 'Token URL' : 'Token URL (empty = default)')}
          {input(
            'userInfoURL',
            'User info URL',
            'text',
            needsUrls ? 'Empty = read the user from the ID token.' : 'Empty = default.',
          )}
        </>
      )}
      {info.name === 'apple' && (
        <AppleSecret
          clientId={String(p.clientId ?? '')}
          onSecret={(s) => set({ clientSecret: s })}
        />
      )}
    </Modal>
  );
}

export function OAuth2Providers({ draft, errors, onChange }: DraftProps) {
  const d = draft as unknown as Obj;
  if (!d.oauth2 || typeof d.oauth2 !== 'object') d.oauth2 = {};
  const oauth2 = d.oauth2 as Obj;
  if (!Array.isArray(oauth2.providers)) oauth2.providers = [];
  const configured = oauth2.providers as Obj[];
  const [providers, setProviders] = useState<ProviderInfo[]>([]);
  const [gallery, setGallery] = useState(false);
  const [editing, setEditing] = useState<{ info: ProviderInfo; index: number } | null>(null);
  useEffect(() => {
    pb.send<ProviderInfo[]>('/api/collections/meta/oauth2-providers', {}).then(setProviders, () =>
      setProviders([]),
    );
  }, []);
  const infoOf = (name: string): ProviderInfo =>
    providers.find((x) => x.name === name) ?? { name, displayName: name, logo: '' };

  return (
    <>
      <h3>OAuth2</h3>
      <Toggle
        label="Enable OAuth2"
        checked={!!oauth2.enabled}
        onChange={(v) => {
          oauth2.enabled = v;
          onChange();
        }}
      />
      <div class="provider-cards">
        {configured.map((p, i) => {
          const info = infoOf(String(p.name));
          const err = Object.keys(errors).find((k) => k.startsWith(`oauth2.providers.${i}.`));
          return (
            <div
              class={`provider-card${err ? ' has-error' : ''}`}
              key={String(p.name)}
              data-configured={String(p.name)}
            >
              <Logo info={info} />
              <div class="grow">
                <b>{String(p.displayName || info.displayName)}</b>
                <small class="muted">{String(p.clientId ?? '')}</small>
                {err && <small class="error-text">{errors[err]}</small>}
              </div>
              <button
                type="button"
                class="btn small"
                onClick={() => setEditing({ info, index: i })}
              >
                Edit
              </button>
              <button
                type="button"
                class="btn small danger ghost"
                aria-label={`Remove ${info.displayName}`}
                onClick={() => {
                  configured.splice(i, 1);
                  onChange();
                }}
              >
                ✕
              </button>
            </div>
          );
        })}
      </div>
      <button
        type="button"
        class="btn small"
        onClick={() => setGallery(true)}
        data-testid="add-provider"
      >
        + Add provider
      </button>
      {gallery && (
        <Gallery
          providers={providers}
          taken={configured.map((p) => String(p.name))}
          onClose={() => setGallery(false)}
          onPick={(info) => {
            setGallery(false);
            setEditing({ info, index: -1 });
          }}
        />
      )}
      {editing && (
        <ProviderForm
          info={editing.info}
          isNew={editing.index < 0}
          initial={editing.index < 0 ? { name: editing.info.name } : configured[editing.index]!}
          onClose={() => setEditing(null)}
          onDone={(p) => {
            // Only what the user set: empty optional keys fall back to the provider's defaults.
            const clean = Object.fromEntries(
              Object.entries(p).filter(([k, v]) => v !== '' || k === 'clientId'),
            );
            if (editing.index < 0) configured.push(clean);
            else configured[editing.index] = clean;
            if (editing.index < 0) oauth2.enabled = true;
            onChange();
            setEditing(null);
          }}
        />
      )}
    </>
  );
}
