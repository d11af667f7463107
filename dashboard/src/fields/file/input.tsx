// File field input: current files with thumbs and remove buttons, plus a picker for new uploads.
import { pb } from '../../pb.ts';
import type { InputProps } from '../types.ts';
import { toFileValue } from './value.ts';

const IMAGE = /\.(png|jpe?g|gif|webp|svg)$/i;

export function FileInput({ field, value, onChange, id, record }: InputProps) {
  const v = toFileValue(value);
  const single = (field.maxSelect ?? 0) <= 1;
  return (
    <div class="files" id={id}>
      {record &&
        v.keep.map((name) => (
          <div class="file-item" key={name}>
            {IMAGE.test(name) ? (
              <img
                alt=""
                src={pb.files.getURL(record, name, { thumb: '100x100' })}
                loading="lazy"
              />
            ) : (
              <span class="file-icon">▣</span>
            )}
            <a href={pb.files.getURL(record, name)} target="_blank" rel="noreferrer">
              {name}
            </a>
            <button
              type="button"
              class="btn small ghost"
              aria-label={`Remove ${name}`}
              onClick={() => onChange({ ...v, keep: v.keep.filter((n) => n !== name) })}
            >
              ✕
            </button>
          </div>
        ))}
      {v.add.map((f, i) => (
        <div class="file-item new" key={`${f.name}${i}`}>
          {f.type.startsWith('image/') ? (
            <img alt="" src={URL.createObjectURL(f)} />
          ) : (
            <span class="file-icon">▣</span>
          )}
          <span>{f.name}</span>
          <button
            type="button"
            class="btn small ghost"
            onClick={() => onChange({ ...v, add: v.add.filter((_, j) => j !== i) })}
          >
            ✕
          </button>
        </div>
      ))}
      <input
        type="file"
        name={field.name}
        multiple={!single}
        accept={((field.mimeTypes as string[]) ?? []).join(',')}
        onChange={(e) => {
          const picked = [...(e.currentTarget.files ?? [])];
          if (single) onChange({ keep: [], add: picked.slice(0, 1) });
          else onChange({ ...v, add: [...v.add, ...picked] });
          e.currentTarget.value = '';
        }}
      />
    </div>
  );
}
