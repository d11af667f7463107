// File field input: kept files with thumbs and remove buttons (saved as the `field-` modifier),
// new uploads with local previews (`field+`), one or many depending on maxSelect.
import { useState } from 'preact/hooks';
import type { InputProps } from '../types.ts';
import { LocalPreview, THUMBABLE, useFileUrl } from './preview.tsx';
import { toFileValue } from './value.ts';

export function FileInput({ field, value, onChange, id, record }: InputProps) {
  const v = toFileValue(value);
  const single = (field.maxSelect ?? 0) <= 1;
  const url = useFileUrl(field);
  const max = single ? 1 : (field.maxSelect ?? 0);
  const count = v.keep.length + v.add.length;
  const [over, setOver] = useState(false);
  const add = (picked: File[]) => {
    if (!picked.length) return;
    // A single file field replaces its file: the old one is dropped on save.
    if (single) onChange({ keep: [], add: picked.slice(0, 1) });
    else onChange({ ...v, add: [...v.add, ...picked] });
  };
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: dropping is a shortcut; the file input below does the same from the keyboard
    <div
      class={`files${over ? ' drop-over' : ''}`}
      id={id}
      data-dropzone={field.name}
      onDragOver={(e) => {
        if (!e.dataTransfer?.types.includes('Files')) return;
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        add([...(e.dataTransfer?.files ?? [])]);
      }}
    >
      {record &&
        v.keep.map((name) => {
          const thumb = THUMBABLE.test(name) ? url(record, name, '100x100') : null;
          const href = url(record, name);
          return (
            <div class="file-item" key={name} data-file={name}>
              {thumb ? <img alt="" src={thumb} loading="lazy" /> : <span class="file-icon">▣</span>}
              {href ? (
                <a href={href} target="_blank" rel="noreferrer">
                  {name}
                </a>
              ) : (
                <span>{name}</span>
              )}
              <button
                type="button"
                class="btn small ghost"
                aria-label={`Remove ${name}`}
                onClick={() => onChange({ ...v, keep: v.keep.filter((n) => n !== name) })}
              >
                ✕
              </button>
            </div>
          );
        })}
      {v.add.map((f, i) => (
        <div class="file-item new" key={`${f.name}${i}`} data-file={f.name}>
          {f.type.startsWith('image/') ? (
            <LocalPreview file={f} />
          ) : (
            <span class="file-icon">▣</span>
          )}
          <span>{f.name}</span>
          <button
            type="button"
            class="btn small ghost"
            aria-label={`Remove ${f.name}`}
            onClick={() => onChange({ ...v, add: v.add.filter((_, j) => j !== i) })}
          >
            ✕
          </button>
        </div>
      ))}
      <small class="muted">Drop files here or choose them below.</small>
      {field.protected === true && (
        <small class="muted">Protected: previews use a file token.</small>
      )}
      {!single && max > 0 && count > max && (
        <small class="error-text">
          {count} files selected; at most {max} allowed.
        </small>
      )}
      <input
        type="file"
        name={field.name}
        multiple={!single}
        accept={((field.mimeTypes as string[]) ?? []).join(',')}
        onChange={(e) => {
          add([...(e.currentTarget.files ?? [])]);
          e.currentTarget.value = '';
        }}
      />
    </div>
  );
}
