// Create or edit a collection: name/type, then tabs for fields (or query), rules, options and indexes.
import type { CollectionModel } from 'pocketbase';
import { useEffect, useState } from 'preact/hooks';
import { confirmDialog } from '../../components/Confirm.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ErrorBox, Row, Spinner, Tabs, useAutofocus } from '../../components/ui.tsx';
import { useUnsaved } from '../../components/unsaved.ts';
import { errorMessage, fieldErrors, pb } from '../../pb.ts';
import { navigate } from '../../router.ts';
import { loadCollections } from '../../stores/collections.ts';
import { toast } from '../../stores/toasts.ts';
import { AuthOptionsTab } from './AuthOptionsTab.tsx';
import { cloneDraft, type Draft, hasErrors, newField, toPayload } from './draft.ts';
import { FieldsTab } from './FieldsTab.tsx';
import { IndexesTab } from './IndexesTab.tsx';
import { QueryTab } from './QueryTab.tsx';
import { RulesTab } from './RulesTab.tsx';

type Tab = 'fields' | 'rules' | 'options' | 'indexes';
type Kind = 'base' | 'auth' | 'view';

/** A blank collection from the server's scaffolds, with created/updated as the dashboard adds them. */
async function scaffold(type: Kind): Promise<Draft> {
  const all = await pb.collections.getScaffolds();
  const d = cloneDraft(all[type] as CollectionModel);
  if (type !== 'view') {
    for (const [name, onUpdate] of [
      ['created', false],
      ['updated', true],
    ] as const) {
      if (!d.fields.some((f) => f.name === name))
        d.fields.push({ ...newField('autodate', d.fields), name, onCreate: true, onUpdate });
    }
  }
  return d;
}

export function CollectionEditor({
  collection,
  onClose,
}: {
  collection: CollectionModel | null;
  onClose: () => void;
}) {
  const [draft, setDraft] = useState<Draft | null>(collection ? cloneDraft(collection) : null);
  // What "unchanged" looks like: the collection as loaded, or the first scaffold of a new one.
  const [baseline, setBaseline] = useState(() => (draft ? JSON.stringify(draft) : ''));
  const [, setVersion] = useState(0);
  const [tab, setTab] = useState<Tab>('fields');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const isNew = !collection;
  const nameRef = useAutofocus<HTMLInputElement>(false);
  useEffect(() => {
    if (isNew && draft) nameRef.current?.focus();
  }, [isNew && !!draft]);

  const changeType = async (type: Kind) => {
    try {
      const next = await scaffold(type);
      next.name = draft?.name ?? '';
      setDraft(next);
      if (!baseline) setBaseline(JSON.stringify(next));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  useEffect(() => {
    if (isNew) changeType('base');
  }, []);

  const changed = () => setVersion((v) => v + 1);
  const unsaved = useUnsaved(!!draft && !!baseline && JSON.stringify(draft) !== baseline);
  const close = () => unsaved.guard(onClose);

  const save = async () => {
    if (!draft || busy) return;
    setBusy(true);
    setError('');
    try {
      const body = toPayload(draft);
      const saved = isNew
        ? await pb.collections.create(body)
        : await pb.collections.update(collection.id, body);
      unsaved.saved();
      await loadCollections();
      toast(isNew ? `Collection ${saved.name} created` : `Collection ${saved.name} saved`);
      navigate(`/collections/${saved.name}`);
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      const errs = fieldErrors(err);
      setErrors(errs);
      if (
        hasErrors(
          errs,
          'listRule',
          'viewRule',
          'createRule',
          'updateRule',
          'deleteRule',
          'authRule',
          'manageRule',
        ) &&
        !hasErrors(errs, 'fields', 'name')
      )
        setTab('rules');
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (
      !collection ||
      !(await confirmDialog(
        `Delete collection "${collection.name}" and all its records? This cannot be undone.`,
      ))
    )
      return;
    try {
      await pb.collections.delete(collection.id);
      unsaved.saved();
      await loadCollections();
      toast(`Collection ${collection.name} deleted`);
      navigate('/collections');
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const truncate = async () => {
    if (!collection || !(await confirmDialog(`Delete ALL records of "${collection.name}"?`)))
      return;
    try {
      await pb.collections.truncate(collection.id);
      toast(`Collection ${collection.name} truncated`);
      close();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const mark = (label: string, ...keys: string[]) =>
    hasErrors(errors, ...keys) ? (
      <>
        {label} <span class="err-dot">●</span>
      </>
    ) : (
      label
    );
  const tabs: { id: Tab; label: preact.ComponentChildren }[] = draft
    ? [
        {
          id: 'fields',
          label: draft.type === 'view' ? mark('Query', 'viewQuery') : mark('Fields', 'fields'),
        },
        {
          id: 'rules',
          label: mark(
            'API rules',
            'listRule',
            'viewRule',
            'createRule',
            'updateRule',
            'deleteRule',
            'authRule',
            'manageRule',
          ),
        },
        ...(draft.type === 'auth'
          ? [
              {
                id: 'options' as Tab,
                label: mark('Options', 'passwordAuth', 'otp', 'mfa', 'oauth2', 'authToken'),
              },
            ]
          : []),
        ...(draft.type !== 'view'
          ? [{ id: 'indexes' as Tab, label: mark('Indexes', 'indexes') }]
          : []),
      ]
    : [];

  return (
    <Modal
      wide
      title={isNew ? 'New collection' : `Edit collection ${collection.name}`}
      onClose={close}
      onSave={save}
      footer={
        <>
          {!isNew && !collection.system && (
            <>
              <button type="button" class="btn danger ghost" onClick={remove}>
                Delete
              </button>
              {collection.type !== 'view' && (
                <button type="button" class="btn ghost" onClick={truncate}>
                  Truncate
                </button>
              )}
            </>
          )}
          <div class="grow" />
          <button type="button" class="btn" onClick={close}>
            Cancel
          </button>
          <button
            type="button"
            class="btn primary"
            disabled={busy || !draft}
            onClick={save}
            data-testid="collection-save"
          >
            {busy ? 'Saving…' : isNew ? 'Create' : 'Save changes'}
          </button>
        </>
      }
    >
      {!draft ? (
        <>
          <Spinner />
          <ErrorBox text={error} />
        </>
      ) : (
        <>
          <div class="row">
            <Row label="Name" error={errors.name}>
              <input
                type="text"
                name="name"
                ref={nameRef}
                disabled={draft.system}
                value={draft.name}
                placeholder='e.g. "posts"'
                onInput={(e) => {
                  draft.name = e.currentTarget.value;
                  changed();
                }}
              />
            </Row>
            <Row label="Type">
              <select
                name="type"
                value={draft.type}
                disabled={!isNew}
                onChange={(e) => changeType(e.currentTarget.value as Kind)}
              >
                <option value="base">Base</option>
                <option value="auth">Auth</option>
                <option value="view">View</option>
              </select>
            </Row>
          </div>
          <Tabs tabs={tabs} value={tab} onChange={setTab} />
          {tab === 'fields' &&
            (draft.type === 'view' ? (
              <QueryTab draft={draft} errors={errors} onChange={changed} />
            ) : (
              <FieldsTab draft={draft} errors={errors} onChange={changed} />
            ))}
          {tab === 'rules' && <RulesTab draft={draft} errors={errors} onChange={changed} />}
          {tab === 'options' && <AuthOptionsTab draft={draft} errors={errors} onChange={changed} />}
          {tab === 'indexes' && <IndexesTab draft={draft} errors={errors} onChange={changed} />}
          <ErrorBox text={error} />
        </>
      )}
    </Modal>
  );
}
