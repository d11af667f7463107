// Email field input.
import type { InputProps } from '../types.ts';

export function EmailInput({ field, value, onChange, id }: InputProps) {
  return (
    <input
      id={id}
      type="email"
      name={field.name}
      value={(value as string) ?? ''}
      onInput={(e) => onChange(e.currentTarget.value)}
    />
  );
}
