// File cell: thumbs for images, names otherwise.
import { pb } from '../../pb.ts';
import type { ViewProps } from '../types.ts';

export function FileView({ value, record }: ViewProps) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return (
    <span class="chips">
      {list.slice(0, 3).map((n) =>
        /\.(png|jpe?g|gif|webp)$/i.test(String(n)) ? (
          <img
            key={n}
            class="thumb"
            alt={String(n)}
            src={pb.files.getURL(record, String(n), { thumb: '100x100' })}
            loading="lazy"
          />
        ) : (
          <span class="chip" key={n}>
            {String(n)}
          </span>
        ),
      )}
      {list.length > 3 && <span class="muted">+{list.length - 3}</span>}
    </span>
  );
}
