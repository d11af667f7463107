// Url field input.
import type { InputProps } from '../types.ts';

export function UrlInput({ field, value, onChange, id }: InputProps) {
  return (
    <input
      id={id}
      type="url"
      name={field.name}
      value={(value as string) ?? ''}
      onInput={(e) => onChange(e.currentTarget.value)}
    />
  );
}
