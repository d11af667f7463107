// Email cell.
import { short } from '../common.tsx';
import type { ViewProps } from '../types.ts';

export const EmailView = ({ value }: ViewProps) => <span>{short(value)}</span>;
