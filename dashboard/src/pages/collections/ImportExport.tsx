// Import/export of the collections schema as JSON (PUT /api/collections/import through the SDK).
import { useState } from 'preact/hooks';
import { Modal } from '../../components/Modal.tsx';
import { ErrorBox, Toggle } from '../../components/ui.tsx';
import { errorMessage, pb } from '../../pb.ts';
import { collections, loadCollections } from '../../stores/collections.ts';
import { toast } from '../../stores/toasts.ts';

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

  const download = () => {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([exported], { type: 'application/json' }));
    a.download = 'pb_schema.json';
    a.click();
  };

  const runImport = async () => {
    setError('');
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
      if (!Array.isArray(parsed)) throw new Error('Expected a JSON array of collections.');
    } catch (err) {
      setError(errorMessage(err));
      return;
    }
    setBusy(true);
    try {
      await pb.collections.import(parsed, deleteMissing);
      await loadCollections();
      toast('Collections imported');
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      title="Import / export collections"
      wide
      onClose={onClose}
      onSave={text ? runImport : undefined}
      footer={
        <>
          <button type="button" class="btn" onClick={download}>
            Download export
          </button>
          <div class="grow" />
          <button type="button" class="btn primary" disabled={!text || busy} onClick={runImport}>
            {busy ? 'Importing…' : 'Import'}
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
