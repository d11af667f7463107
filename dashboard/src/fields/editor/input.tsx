// Rich text (HTML) field input: a plain HTML source textarea keeps the bundle small.
import type { InputProps } from '../types.ts';

export function EditorInput({ field, value, onChange, id }: InputProps) {
  return (
    <textarea
      id={id}
      name={field.name}
      rows={6}
      value={(value as string) ?? ''}
      onInput={(e) => onChange(e.currentTarget.value)}
    />
  );
}
