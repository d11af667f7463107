// Rich text cell: the text without tags (never rendered as HTML).
import { short } from '../common.tsx';
import type { ViewProps } from '../types.ts';

export const EditorView = ({ value }: ViewProps) => (
  <span>{short(String(value ?? '').replace(/<[^>]*>/g, ' '))}</span>
);
