// Text field input: a single line (the id field shows it is auto-generated when empty).
import type { InputProps } from '../types.ts';

export function TextInput({ field, value, onChange, id, record }: InputProps) {
  const isId = field.primaryKey === true;
  return (
    <input
      id={id}
      type="text"
      name={field.name}
      value={(value as string) ?? ''}
      readOnly={isId && !!record}
      placeholder={isId && !record ? 'Leave empty to auto generate…' : ''}
      onInput={(e) => onChange(e.currentTarget.value)}
    />
  );
}
