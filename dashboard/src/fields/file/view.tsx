// File cell: thumbs for images (with a file token on protected fields), names otherwise.
import type { ViewProps } from '../types.ts';
import { THUMBABLE, useFileUrl } from './preview.tsx';

export function FileView({ field, value, record }: ViewProps) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  const url = useFileUrl(field);
  return (
    <span class="chips">
      {list.slice(0, 3).map((n) => {
        const name = String(n);
        const src = THUMBABLE.test(name) ? url(record, name, '100x100') : null;
        return src ? (
          <img key={name} class="thumb" alt={name} src={src} loading="lazy" />
        ) : (
          <span class="chip" key={name}>
            {name}
          </span>
        );
      })}
      {list.length > 3 && <span class="muted">+{list.length - 3}</span>}
    </span>
  );
}
