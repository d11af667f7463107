// A view collection's SELECT, with a dry run that shows the inferred fields and sample rows.

import { useState } from 'preact/hooks';
import { CodeEditor } from '../../components/CodeEditor.tsx';
import { ErrorBox } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { collections } from '../../stores/collections.ts';
import type { DraftProps } from './draft.ts';

interface DryRun {
  fields: { name: string; type: string }[];
  sample: Record<string, unknown>[];
}

export function QueryTab({ draft, errors, onChange }: DraftProps) {
  const [result, setResult] = useState<DryRun | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const preview = async () => {
    setBusy(true);
    setError('');
    try {
      setResult(
        await pb.send<DryRun>('/api/collections/meta/dry-run-view', {
          method: 'POST',
          body: { query: draft.viewQuery ?? '' },
        }),
      );
    } catch (err) {
      setResult(null);
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const cols = result?.fields.map((f) => f.name) ?? [];
  return (
    <div class="query-tab">
      <CodeEditor
        name="viewQuery"
        language="sql"
        sqlSchema={Object.fromEntries(
          collections.value.map((c) => [c.name, c.fields.map((f) => f.name)]),
        )}
        ariaLabel="View query"
        placeholder="SELECT id, title FROM posts WHERE ..."
        value={draft.viewQuery ?? ''}
        onChange={(v) => {
          draft.viewQuery = v;
          onChange();
        }}
      />
      {errors.viewQuery && <small class="error-text">{errors.viewQuery}</small>}
      <p class="muted small">
        One SELECT, with an <code>id</code> column and no <code>*</code>. Tip:{' '}
        <code>(ROW_NUMBER() OVER()) as id</code>.
      </p>
      <button type="button" class="btn" disabled={busy || !draft.viewQuery} onClick={preview}>
        {busy ? 'Running…' : 'Preview'}
      </button>
      <ErrorBox text={error} />
      {result && (
        <div class="dry-run">
          <h3>Fields</h3>
          <div class="chips">
            {result.fields.map((f) => (
              <span class="chip" key={f.name}>
                {f.name}: {f.type}
              </span>
            ))}
          </div>
          <h3>Sample ({result.sample.length})</h3>
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  {cols.map((c) => (
                    <th key={c}>{c}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {result.sample.map((row, i) => (
                  <tr key={`${i}`}>
                    {cols.map((c) => (
                      <td key={c}>
                        {typeof row[c] === 'object' ? JSON.stringify(row[c]) : String(row[c] ?? '')}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      )}
    </div>
  );
}
