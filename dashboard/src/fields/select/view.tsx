// Select cell: one chip per value.
import type { ViewProps } from '../types.ts';

export function SelectView({ value }: ViewProps) {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return (
    <span class="chips">
      {list.map((v) => (
        <span class="chip" key={String(v)}>
          {String(v)}
        </span>
      ))}
    </span>
  );
}
