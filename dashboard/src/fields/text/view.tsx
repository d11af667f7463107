// Text field cell.
import { short } from '../common.tsx';
import type { ViewProps } from '../types.ts';

export const TextView = ({ value }: ViewProps) => <span>{short(value)}</span>;
