// Autodate fields are set by the server: shown, never edited.
import type { InputProps } from '../types.ts';

export function AutodateInput({ value, id }: InputProps) {
  return <input id={id} type="text" readOnly value={(value as string) || 'auto'} />;
}
