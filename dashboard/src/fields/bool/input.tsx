// Bool field input: a checkbox.
import type { InputProps } from '../types.ts';

export function BoolInput({ field, value, onChange, id }: InputProps) {
  return (
    <input
      id={id}
      type="checkbox"
      name={field.name}
      checked={value === true}
      onChange={(e) => onChange(e.currentTarget.checked)}
    />
  );
}
