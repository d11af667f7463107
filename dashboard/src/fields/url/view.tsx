// Url cell.
import { short } from '../common.tsx';
import type { ViewProps } from '../types.ts';

export const UrlView = ({ value }: ViewProps) => <span>{short(value)}</span>;
