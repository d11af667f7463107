// One field in the collection editor: name, type, common flags and the type's own settings.
import type { CollectionModel } from 'pocketbase';
import { useState } from 'preact/hooks';
import { Row } from '../../components/ui.tsx';
import { fieldType } from '../../fields/registry.ts';
import type { Field } from '../../fields/types.ts';

export function FieldCard({
  field,
  index,
  count,
  collection,
  errors,
  onChange,
  onRemove,
  onMove,
  dragProps,
}: {
  field: Field;
  index: number;
  count: number;
  collection: CollectionModel;
  errors: Record<string, string>;
  onChange: () => void;
  onRemove: () => void;
  onMove: (to: number) => void;
  dragProps: Record<string, unknown>;
}) {
  const [open, setOpen] = useState(!field.id);
  const T = fieldType(field.type);
  const prefix = `fields.${index}`;
  const set = (patch: Partial<Field>) => {
    Object.assign(field, patch);
    onChange();
  };
  const fieldErrs = Object.keys(errors).filter((k) => k.startsWith(`${prefix}.`) || k === prefix);
  const locked = field.system;
  return (
    <div
      class={`field-card${fieldErrs.length ? ' has-error' : ''}`}
      data-field={field.name}
      {...dragProps}
    >
      <div class="field-head">
        <span class="drag" title="Drag to reorder" aria-hidden="true">
          ⠿
        </span>
        <span class="ficon" title={T.label}>
          {T.icon}
        </span>
        <input
          type="text"
          class="field-name"
          aria-label="Field name"
          value={field.name}
          disabled={locked}
          onInput={(e) => set({ name: e.currentTarget.value })}
        />
        <span class="muted small">{T.label}</span>
        {field.hidden && <span class="badge">hidden</span>}
        {field.required && <span class="badge">required</span>}
        <div class="grow" />
        <button
          type="button"
          class="btn small ghost"
          aria-label="Move up"
          disabled={index === 0}
          onClick={() => onMove(index - 1)}
        >
          ↑
        </button>
        <button
          type="button"
          class="btn small ghost"
          aria-label="Move down"
          disabled={index === count - 1}
          onClick={() => onMove(index + 1)}
        >
          ↓
        </button>
        <button
          type="button"
          class="btn small ghost"
          aria-label="Field options"
          aria-expanded={open}
          onClick={() => setOpen(!open)}
        >
          ⚙
        </button>
      </div>
      {fieldErrs.map((k) => (
        <small key={k} class="error-text">
          {k.slice(prefix.length + 1) || field.name}: {errors[k]}
        </small>
      ))}
      {open && (
        <div class="field-body">
          {!(locked && field.primaryKey) && (
            <T.settings
              field={field}
              set={set}
              collection={collection}
              errors={errors}
              prefix={prefix}
            />
          )}
          {field.type !== 'autodate' && (
            <Row label="Help text">
              <input
                type="text"
                value={(field.help as string) ?? ''}
                onInput={(e) => set({ help: e.currentTarget.value })}
              />
            </Row>
          )}
          <div class="row wrap">
            {field.type !== 'autodate' && (
              <label class="toggle">
                <input
                  type="checkbox"
                  checked={!!field.required}
                  onChange={(e) => set({ required: e.currentTarget.checked })}
                />
                <span>Nonempty</span>
              </label>
            )}
            <label class="toggle">
              <input
                type="checkbox"
                checked={field.hidden}
                onChange={(e) => set({ hidden: e.currentTarget.checked })}
              />
              <span>Hidden</span>
            </label>
            <label class="toggle">
              <input
                type="checkbox"
                checked={field.presentable}
                onChange={(e) => set({ presentable: e.currentTarget.checked })}
              />
              <span>Presentable</span>
            </label>
            <div class="grow" />
            {!locked && (
              <button type="button" class="btn small danger ghost" onClick={onRemove}>
                Remove field
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}
