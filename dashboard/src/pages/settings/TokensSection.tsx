// Token durations of every auth collection, saved on the collections themselves.
import type { CollectionModel } from 'pocketbase';
import { useState } from 'preact/hooks';
import { ErrorBox, Row } from '../../components/ui.tsx';
import { useUnsaved } from '../../components/unsaved.ts';
import { errorMessage, fieldErrors, pb } from '../../pb.ts';
import { collections, loadCollections } from '../../stores/collections.ts';
import { toast } from '../../stores/toasts.ts';

const TOKENS = [
  ['authToken', 'Auth'],
  ['verificationToken', 'Verification'],
  ['passwordResetToken', 'Password reset'],
  ['emailChangeToken', 'Email change'],
  ['fileToken', 'File access'],
] as const;

type Durations = Record<string, number>;

function CollectionTokens({ c }: { c: CollectionModel }) {
  const rec = c as unknown as Record<string, { duration?: number } | undefined>;
  const [d, setD] = useState<Durations>(() =>
    Object.fromEntries(TOKENS.map(([k]) => [k, rec[k]?.duration ?? 0])),
  );
  const [saved, setSaved] = useState(() => JSON.stringify(d));
  useUnsaved(JSON.stringify(d) !== saved);
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = async () => {
    setError('');
    try {
      await pb.collections.update(
        c.id,
        Object.fromEntries(TOKENS.map(([k]) => [k, { duration: d[k] }])),
      );
      setSaved(JSON.stringify(d));
      await loadCollections();
      toast(`Token options of ${c.name} saved`);
    } catch (err) {
      setError(errorMessage(err));
      setErrors(fieldErrors(err));
    }
  };
  return (
    <section class="card" data-collection={c.name}>
      <h3>{c.name}</h3>
      <div class="grid3">
        {TOKENS.map(([k, label]) => (
          <Row key={k} label={`${label} (s)`} error={errors[`${k}.duration`]}>
            <input
              type="number"
              value={d[k]}
              onInput={(e) => setD({ ...d, [k]: Number(e.currentTarget.value) })}
            />
          </Row>
        ))}
      </div>
      <ErrorBox text={error} />
      <button type="button" class="btn small primary" onClick={save}>
        Save {c.name}
      </button>
    </section>
  );
}

export function TokensSection() {
  return (
    <div>
      <h1>Token options</h1>
      {collections.value
        .filter((c) => c.type === 'auth')
        .map((c) => (
          <CollectionTokens key={c.id} c={c} />
        ))}
    </div>
  );
}
