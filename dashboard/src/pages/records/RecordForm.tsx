// Create/edit one record: an input per field, auth extras (impersonate, reset, verify), delete.
import type { CollectionModel, RecordModel } from 'pocketbase';
import { useState } from 'preact/hooks';
import { confirmDialog } from '../../components/Confirm.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ErrorBox, Row } from '../../components/ui.tsx';
import { useUnsaved } from '../../components/unsaved.ts';
import { filePayload, toFileValue } from '../../fields/file/value.ts';
import { fieldType } from '../../fields/registry.ts';
import type { Field } from '../../fields/types.ts';
import { errorMessage, fieldErrors, pb } from '../../pb.ts';
import { toast } from '../../stores/toasts.ts';
import { AuthActions } from './AuthActions.tsx';

/** Fields the form never shows: server-managed secrets. */
const skip = (c: CollectionModel, f: Field) => c.type === 'auth' && f.name === 'tokenKey';

function initialValues(
  c: CollectionModel,
  record: RecordModel | null,
  template?: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of c.fields) {
    if (f.type === 'password') out[f.name] = '';
    else if (f.type === 'file') out[f.name] = toFileValue(record?.[f.name]);
    else if (template && f.name in template) out[f.name] = template[f.name];
    else out[f.name] = record ? record[f.name] : fieldType(f.type).empty(f);
  }
  return out;
}

/**
 * A new record's starting values copied from `record`, as PocketBase's "Duplicate": a fresh id,
 * no autodates, passwords or files (uploads belong to one record).
 */
export function duplicateValues(c: CollectionModel, record: RecordModel): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of c.fields) {
    if (f.primaryKey || ['autodate', 'password', 'file'].includes(f.type) || skip(c, f)) continue;
    out[f.name] = structuredClone(record[f.name]);
  }
  return out;
}

/** Comparable form state: new uploads count by name and size (File objects do not stringify). */
function snapshot(values: Record<string, unknown>): string {
  return JSON.stringify(values, (_k, v) =>
    v instanceof File ? { file: v.name, size: v.size } : v,
  );
}

export function buildBody(
  c: CollectionModel,
  record: RecordModel | null,
  values: Record<string, unknown>,
  passwordConfirm: string,
) {
  const body: Record<string, unknown> = {};
  for (const f of c.fields) {
    const v = values[f.name];
    if (f.type === 'autodate' || skip(c, f)) continue;
    if (f.primaryKey) {
      if (!record && v) body[f.name] = v;
    } else if (f.type === 'file') {
      Object.assign(body, filePayload(f, record?.[f.name], toFileValue(v)));
    } else if (f.type === 'password') {
      if (v) {
        body[f.name] = v;
        if (c.type === 'auth' && f.name === 'password') body.passwordConfirm = passwordConfirm;
      }
    } else body[f.name] = v;
  }
  return body;
}

export function RecordForm({
  collection: c,
  record,
  template,
  onClose,
  onSaved,
  onDuplicate,
}: {
  collection: CollectionModel;
  record: RecordModel | null;
  /** Starting values of a new record (a duplicate). */
  template?: Record<string, unknown>;
  onClose: () => void;
  onSaved: () => void;
  onDuplicate?: (values: Record<string, unknown>) => void;
}) {
  const [values, setValues] = useState(() => initialValues(c, record, template));
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const readOnly = c.type === 'view';
  const [initial] = useState(() => snapshot(initialValues(c, record, template)));
  const unsaved = useUnsaved(!readOnly && (snapshot(values) !== initial || confirm !== ''));
  const close = () => unsaved.guard(onClose);

  const save = async () => {
    if (busy || readOnly) return;
    setBusy(true);
    setError('');
    try {
      const body = buildBody(c, record, values, confirm);
      if (record) await pb.collection(c.name).update(record.id, body);
      else await pb.collection(c.name).create(body);
      unsaved.saved();
      toast(record ? 'Record updated' : 'Record created');
      onSaved();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
      setErrors(fieldErrors(err));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!record || !(await confirmDialog(`Delete record ${record.id}?`))) return;
    try {
      await pb.collection(c.name).delete(record.id);
      unsaved.saved();
      toast('Record deleted');
      onSaved();
      onClose();
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  const copyJson = async () => {
    if (!record) return;
    try {
      await navigator.clipboard.writeText(JSON.stringify(record, null, 2));
      toast('Record JSON copied to the clipboard');
    } catch (err) {
      toast(`Cannot copy: ${errorMessage(err)}`, 'error');
    }
  };

  return (
    <Modal
      title={record ? `Edit ${c.name} record` : `New ${c.name} record`}
      onClose={close}
      onSave={save}
      footer={
        <>
          {record && !readOnly && (
            <button type="button" class="btn danger ghost" onClick={remove}>
              Delete
            </button>
          )}
          {record && (
            <button type="button" class="btn ghost" onClick={copyJson} data-testid="copy-json">
              Copy JSON
            </button>
          )}
          {record && !readOnly && onDuplicate && (
            <button
              type="button"
              class="btn ghost"
              data-testid="duplicate"
              onClick={() => unsaved.guard(() => onDuplicate(duplicateValues(c, record)))}
            >
              Duplicate
            </button>
          )}
          <div class="grow" />
          <button type="button" class="btn" onClick={close}>
            Cancel
          </button>
          {!readOnly && (
            <button
              type="button"
              class="btn primary"
              disabled={busy}
              onClick={save}
              data-testid="record-save"
            >
              {busy ? 'Saving…' : record ? 'Save changes' : 'Create'}
            </button>
          )}
        </>
      }
    >
      <form
        class="record-form"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        {c.fields
          .filter((f) => !skip(c, f) && !(f.type === 'autodate' && !record))
          .map((f) => {
            const T = fieldType(f.type);
            const id = `field_${f.name}`;
            return (
              <div key={f.id || f.name}>
                <Row
                  label={
                    <>
                      <span class="ficon">{T.icon}</span> {f.name}
                      {f.required && !f.primaryKey && <span class="req">*</span>}
                    </>
                  }
                  error={errors[f.name]}
                  hint={f.help || undefined}
                >
                  <T.input
                    field={f}
                    id={id}
                    value={values[f.name]}
                    collection={c}
                    record={record}
                    onChange={(v) => setValues((old) => ({ ...old, [f.name]: v }))}
                  />
                </Row>
                {c.type === 'auth' && f.name === 'password' && values.password ? (
                  <Row label="Password confirm" error={errors.passwordConfirm}>
                    <input
                      type="password"
                      name="passwordConfirm"
                      autoComplete="new-password"
                      value={confirm}
                      onInput={(e) => setConfirm(e.currentTarget.value)}
                    />
                  </Row>
                ) : null}
              </div>
            );
          })}
        <ErrorBox text={error} />
        {record && c.type === 'auth' && <AuthActions collection={c} record={record} />}
      </form>
    </Modal>
  );
}
