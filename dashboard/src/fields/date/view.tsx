// Date cell (UTC as stored; the title shows local time).
import type { ViewProps } from '../types.ts';

export function DateView({ value }: ViewProps) {
  const v = String(value ?? '');
  if (!v) return <span class="muted">N/A</span>;
  return (
    <span class="date" title={new Date(v.replace(' ', 'T')).toLocaleString()}>
      {v.slice(0, 19)}
    </span>
  );
}
