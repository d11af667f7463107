// Indexes: raw CREATE INDEX statements, with a helper that builds one from picked columns.
import { useState } from 'preact/hooks';
import type { DraftProps } from './draft.ts';

export function IndexesTab({ draft, errors, onChange }: DraftProps) {
  const [cols, setCols] = useState<string[]>([]);
  const [unique, setUnique] = useState(false);
  if (!draft.indexes) draft.indexes = [];
  const indexes = draft.indexes;

  const add = () => {
    if (!cols.length) return;
    const suffix = Math.random().toString(36).slice(2, 8);
    const name = `idx_${draft.name || 'new'}_${cols.join('_')}_${suffix}`.slice(0, 64);
    indexes.push(
      `CREATE ${unique ? 'UNIQUE ' : ''}INDEX \`${name}\` ON \`${draft.name}\` (${cols.map((c) => `\`${c}\``).join(', ')})`,
    );
    setCols([]);
    onChange();
  };

  return (
    <div class="indexes-tab">
      {indexes.length === 0 && <p class="muted">No indexes.</p>}
      {indexes.map((sql, i) => (
        <div class="index-row" key={`${i}`}>
          <textarea
            class="code"
            rows={2}
            value={sql}
            onInput={(e) => {
              indexes[i] = e.currentTarget.value;
              onChange();
            }}
          />
          <button
            type="button"
            class="btn small danger ghost"
            aria-label="Remove index"
            onClick={() => {
              indexes.splice(i, 1);
              onChange();
            }}
          >
            ✕
          </button>
          {errors[`indexes.${i}`] && <small class="error-text">{errors[`indexes.${i}`]}</small>}
        </div>
      ))}
      {errors.indexes && <small class="error-text">{errors.indexes}</small>}
      <h3>New index</h3>
      <div class="chips">
        {draft.fields.map((f) => (
          <label class="toggle" key={f.name}>
            <input
              type="checkbox"
              checked={cols.includes(f.name)}
              onChange={() =>
                setCols(
                  cols.includes(f.name) ? cols.filter((c) => c !== f.name) : [...cols, f.name],
                )
              }
            />
            <span>{f.name}</span>
          </label>
        ))}
      </div>
      <div class="row">
        <label class="toggle">
          <input
            type="checkbox"
            checked={unique}
            onChange={(e) => setUnique(e.currentTarget.checked)}
          />
          <span>Unique</span>
        </label>
        <button type="button" class="btn small" disabled={!cols.length} onClick={add}>
          Add index
        </button>
      </div>
    </div>
  );
}
