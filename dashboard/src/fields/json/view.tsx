// JSON cell.
import { short } from '../common.tsx';
import type { ViewProps } from '../types.ts';

export const JsonView = ({ value }: ViewProps) => (
  <code>{value === null || value === undefined ? 'null' : short(JSON.stringify(value))}</code>
);
