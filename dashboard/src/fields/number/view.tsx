// Number cell.
import type { ViewProps } from '../types.ts';

export const NumberView = ({ value }: ViewProps) => <span class="num">{String(value ?? '')}</span>;
