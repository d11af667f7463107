// Relation field input: the selected records as chips, and a searchable picker.
import type { RecordModel } from 'pocketbase';
import { useState } from 'preact/hooks';
import { findCollection } from '../../stores/collections.ts';
import type { InputProps } from '../types.ts';
import { recordLabel } from './label.ts';
import { RelationPicker } from './picker.tsx';

export function RelationInput({ field, value, onChange, id, record }: InputProps) {
  const ids: string[] = Array.isArray(value) ? value : value ? [String(value)] : [];
  const target = findCollection(String(field.collectionId ?? ''));
  const max = field.maxSelect ?? 0;
  const [open, setOpen] = useState(false);
  const [labels, setLabels] = useState<Map<string, RecordModel>>(() => {
    const ex = record?.expand?.[field.name];
    const list: RecordModel[] = Array.isArray(ex) ? ex : ex ? [ex] : [];
    return new Map(list.map((r) => [r.id, r]));
  });
  const set = (next: string[]) => onChange(max <= 1 ? (next[0] ?? '') : next);
  return (
    <div class="relation" id={id}>
      <span class="chips">
        {ids.map((x) => (
          <span class="chip" key={x}>
            {labels.has(x) ? recordLabel(labels.get(x)!, target) : x}
            <button
              type="button"
              class="chip-x"
              aria-label={`Remove ${x}`}
              onClick={() => set(ids.filter((i) => i !== x))}
            >
              ✕
            </button>
          </span>
        ))}
      </span>
      <button
        type="button"
        class="btn small"
        disabled={!target}
        onClick={() => setOpen(true)}
        data-testid={`pick-${field.name}`}
      >
        {target ? 'Open picker' : 'Missing collection'}
      </button>
      {open && target && (
        <RelationPicker
          target={target}
          selected={ids}
          max={max}
          onClose={() => setOpen(false)}
          onDone={(next, records) => {
            setLabels((m) => new Map([...m, ...records.map((r) => [r.id, r] as const)]));
            set(next);
            setOpen(false);
          }}
        />
      )}
    </div>
  );
}
