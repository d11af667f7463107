// Geo point cell.
import type { ViewProps } from '../types.ts';

export function GeoPointView({ value }: ViewProps) {
  const p = value as { lon?: number; lat?: number } | null;
  return <span>{p ? `${p.lon ?? 0}, ${p.lat ?? 0}` : ''}</span>;
}
