// The relation picker: searches the target collection and toggles ids.
import type { CollectionModel, RecordModel } from 'pocketbase';
import { useEffect, useState } from 'preact/hooks';
import { Modal } from '../../components/Modal.tsx';
import { ErrorBox, Spinner, useAutofocus } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { recordLabel } from './label.ts';

/** A filter matching `q` against the collection's text-like fields (bound via pb.filter). */
export function searchFilter(c: CollectionModel, q: string): string {
  if (!q.trim()) return '';
  const names = c.fields
    .filter((f) => ['text', 'email', 'url', 'editor', 'select'].includes(f.type) && !f.hidden)
    .map((f) => f.name);
  if (!names.includes('id')) names.unshift('id');
  return pb.filter(names.map((n) => `${n} ~ {:q}`).join(' || '), { q: q.trim() });
}

export function RelationPicker({
  target,
  selected,
  max,
  onDone,
  onClose,
}: {
  target: CollectionModel;
  selected: string[];
  max: number;
  onDone: (ids: string[], records: RecordModel[]) => void;
  onClose: () => void;
}) {
  const search = useAutofocus<HTMLInputElement>();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<RecordModel[] | null>(null);
  const [error, setError] = useState('');
  const [picked, setPicked] = useState<string[]>(selected);
  const [known, setKnown] = useState<Map<string, RecordModel>>(new Map());

  useEffect(() => {
    let stale = false;
    const t = setTimeout(async () => {
      try {
        const res = await pb
          .collection(target.name)
          .getList(1, 50, { filter: searchFilter(target, q), skipTotal: true });
        if (stale) return;
        setItems(res.items);
        setKnown((m) => new Map([...m, ...res.items.map((r) => [r.id, r] as const)]));
        setError('');
      } catch (err) {
        if (!stale) setError(errorMessage(err));
      }
    }, 200);
    return () => {
      stale = true;
      clearTimeout(t);
    };
  }, [q, target]);

  const toggle = (id: string) => {
    if (picked.includes(id)) setPicked(picked.filter((x) => x !== id));
    else setPicked(max <= 1 ? [id] : [...picked, id].slice(-max));
  };
  const done = () =>
    onDone(
      picked,
      picked.map((id) => known.get(id)).filter((r): r is RecordModel => !!r),
    );

  return (
    <Modal
      title={`Select ${target.name} records`}
      onClose={onClose}
      onSave={done}
      footer={
        <>
          <button type="button" class="btn" onClick={onClose}>
            Cancel
          </button>
          <button type="button" class="btn primary" onClick={done}>
            Set selection ({picked.length})
          </button>
        </>
      }
    >
      <input
        type="search"
        placeholder="Search…"
        value={q}
        onInput={(e) => setQ(e.currentTarget.value)}
        ref={search}
      />
      <ErrorBox text={error} />
      {items === null ? (
        <Spinner />
      ) : (
        <ul class="pick-list">
          {items.length === 0 && <li class="muted">No records found.</li>}
          {items.map((r) => (
            <li key={r.id}>
              <label class="toggle">
                <input
                  type="checkbox"
                  checked={picked.includes(r.id)}
                  onChange={() => toggle(r.id)}
                />
                <span>
                  {recordLabel(r, target)} <small class="muted">{r.id}</small>
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </Modal>
  );
}
