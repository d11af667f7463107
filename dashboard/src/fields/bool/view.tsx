// Bool cell.
import type { ViewProps } from '../types.ts';

export const BoolView = ({ value }: ViewProps) => (
  <span class={`badge ${value ? 'ok' : ''}`}>{value ? 'True' : 'False'}</span>
);
