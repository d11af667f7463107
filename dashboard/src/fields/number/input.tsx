// Number field input.
import type { InputProps } from '../types.ts';

export function NumberInput({ field, value, onChange, id }: InputProps) {
  return (
    <input
      id={id}
      type="number"
      step={field.onlyInt ? 1 : 'any'}
      name={field.name}
      value={value === null || value === undefined ? '' : String(value)}
      onInput={(e) => onChange(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}
    />
  );
}
