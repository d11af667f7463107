// Import/export of the collections schema as JSON: an import is reviewed (what is added, changed,
// deleted) before it is applied with PUT /api/collections/import through the SDK.
import { useState } from 'preact/hooks';
import { Modal } from '../../components/Modal.tsx';
import { ErrorBox, Toggle } from '../../components/ui.tsx';
import { useUnsaved } from '../../components/unsaved.ts';
import { errorMessage, pb } from '../../pb.ts';
import { collections, loadCollections } from '../../stores/collections.ts';
import { toast } from '../../stores/toasts.ts';
import { diffImport, type ImportDiff, isEmptyDiff } from './import-diff.ts';

function Review({ diff }: { diff: ImportDiff }) {
  if (isEmptyDiff(diff))
    return <p class="empty">Nothing to change: the import matches the current collections.</p>;
  return (
    <div class="import-review" data-testid="import-review">
      {diff.added.map((name) => (
        <div class="diff-item added" key={`a-${name}`} data-diff="added" data-name={name}>
          <span class="badge ok">Added</span> {name}
        </div>
      ))}
      {diff.changed.map((c) => (
        <div class="diff-item changed" key={`c-${c.name}`} data-diff="changed" data-name={c.name}>
          <span class="badge">Changed</span> {c.oldName ? `${c.oldName} → ${c.name}` : c.name}
          <ul>
            {c.addedFields.map((f) => (
              <li key={`fa-${f}`} class="added" data-field-diff="added">
                + field <b>{f}</b>
              </li>
            ))}
            {c.changedFields.map((f) => (
              <li key={`fc-${f.name}`} class="changed" data-field-diff="changed">
                ~ field <b>{f.name}</b> <span class="muted">({f.keys.join(', ')})</span>
              </li>
            ))}
            {c.deletedFields.map((f) => (
              <li key={`fd-${f}`} class="deleted" data-field-diff="deleted">
                − field <b>{f}</b> <span class="muted">(its data is lost)</span>
              </li>
            ))}
            {c.changedKeys.length > 0 && (
              <li class="changed" data-field-diff="keys">
                ~ {c.changedKeys.join(', ')}
              </li>
            )}
          </ul>
        </div>
      ))}
      {diff.deleted.map((name) => (
        <div class="diff-item deleted" key={`d-${name}`} data-diff="deleted" data-name={name}>
          <span class="badge danger">Deleted</span> {name}{' '}
          <span class="muted">(with all its records)</span>
        </div>
      ))}
    </div>
  );
}

export function ImportExport({ onClose }: { onClose: () => void }) {
  const exported = JSON.stringify(
    collections.value.map(({ created: _c, updated: _u, ...rest }) => rest),
    null,
    2,
  );
  const [text, setText] = useState('');
  const [deleteMissing, setDeleteMissing] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [review, setReview] = useState<{ parsed: unknown[]; diff: ImportDiff } | null>(null);
  const unsaved = useUnsaved(text.trim() !== '');
  const close = () => unsaved.guard(onClose);

  const download = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([exported], { type: 'application/json' }));
    a.download = 'pb_schema.json';
    a.click();
  };

  const startReview = async () => {
    setError('');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
      if (!Array.isArray(parsed)) throw new Error('Expected a JSON array of collections.');
    } catch (err) {
      setError(errorMessage(err));
      return;
    }
    // Compare with the server's current state, not a list loaded minutes ago.
    await loadCollections();
    const items = parsed as Record<string, unknown>[];
    setReview({ parsed: items, diff: diffImport(collections.value, items, deleteMissing) });
  };

  const apply = async () => {
    if (!review || busy) return;
    setBusy(true);
    setError('');
    try {
      await pb.collections.import(review.parsed as never, deleteMissing);
      unsaved.saved();
      await loadCollections();
      toast('Collections imported');
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  if (review)
    return (
      <Modal
        title="Review the import"
        wide
        onClose={() => setReview(null)}
        onSave={apply}
        footer={
          <>
            <button type="button" class="btn" onClick={() => setReview(null)}>
              Back
            </button>
            <div class="grow" />
            <button
              type="button"
              class={`btn ${review.diff.deleted.length ? 'danger' : 'primary'}`}
              disabled={busy || isEmptyDiff(review.diff)}
              onClick={apply}
              data-testid="import-apply"
            >
              {busy ? 'Importing…' : 'Confirm and import'}
            </button>
          </>
        }
      >
        <Review diff={review.diff} />
        <ErrorBox text={error} />
      </Modal>
    );

  return (
    <Modal
      title="Import / export collections"
      wide
      onClose={close}
      onSave={text ? startReview : undefined}
      footer={
        <>
          <button type="button" class="btn" onClick={download}>
            Download export
          </button>
          <div class="grow" />
          <button
            type="button"
            class="btn primary"
            disabled={!text}
            onClick={startReview}
            data-testid="import-review-open"
          >
            Review import…
          </button>
        </>
      }
    >
      <h3>Export</h3>
      <textarea class="code" rows={8} readOnly value={exported} />
      <h3>Import</h3>
      <textarea
        class="code"
        rows={8}
        name="import"
        placeholder="Paste an exported JSON array here, or load a file below"
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <input
        type="file"
        accept="application/json,.json"
        onChange={async (e) => setText((await e.currentTarget.files?.[0]?.text()) ?? '')}
      />
      <Toggle
        label="Delete collections and fields missing from the import"
        checked={deleteMissing}
        onChange={setDeleteMissing}
      />
      <ErrorBox text={error} />
    </Modal>
  );
}
