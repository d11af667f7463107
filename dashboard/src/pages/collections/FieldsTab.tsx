// The fields list of the collection editor: add, remove, drag (or ↑↓) to reorder.
import { useState } from 'preact/hooks';
import { fieldTypes } from '../../fields/registry.ts';
import { type DraftProps, keyOf, newField } from './draft.ts';
import { FieldCard } from './FieldCard.tsx';

export function FieldsTab({ draft, errors, onChange }: DraftProps) {
  const [dragging, setDragging] = useState<number | null>(null);
  const [adding, setAdding] = useState(false);
  const fields = draft.fields;

  const move = (from: number, to: number) => {
    if (to < 0 || to >= fields.length || from === to) return;
    const [f] = fields.splice(from, 1);
    fields.splice(to, 0, f!);
    onChange();
  };

  return (
    <div class="fields-tab">
      {fields.map((f, i) => (
        <FieldCard
          key={keyOf(f)}
          field={f}
          index={i}
          count={fields.length}
          collection={draft}
          errors={errors}
          onChange={onChange}
          onMove={(to) => move(i, to)}
          onRemove={() => {
            fields.splice(i, 1);
            onChange();
          }}
          dragProps={{
            draggable: true,
            onDragStart: (e: DragEvent) => {
              // Only the handle area starts a drag; inputs inside keep their own text selection.
              if ((e.target as HTMLElement).closest?.('input,textarea,select')) {
                e.preventDefault();
                return;
              }
              setDragging(i);
            },
            onDragOver: (e: DragEvent) => e.preventDefault(),
            onDrop: (e: DragEvent) => {
              e.preventDefault();
              if (dragging !== null) move(dragging, i);
              setDragging(null);
            },
            onDragEnd: () => setDragging(null),
          }}
        />
      ))}
      <div class="add-field">
        <button
          type="button"
          class="btn block"
          onClick={() => setAdding(!adding)}
          aria-expanded={adding}
        >
          + New field
        </button>
        {adding && (
          <div class="type-grid" role="menu">
            {Object.entries(fieldTypes).map(([type, t]) => (
              <button
                type="button"
                role="menuitem"
                key={type}
                class="btn"
                data-type={type}
                onClick={() => {
                  fields.push(newField(type, fields));
                  setAdding(false);
                  onChange();
                }}
              >
                <span class="ficon">{t.icon}</span> {t.label}
              </button>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
