// Password field input; an empty value on edit keeps the current password.
import type { InputProps } from '../types.ts';

export function PasswordInput({ field, value, onChange, id, record }: InputProps) {
  return (
    <input
      id={id}
      type="password"
      autoComplete="new-password"
      name={field.name}
      placeholder={record ? 'Leave empty to keep the current password' : ''}
      value={(value as string) ?? ''}
      onInput={(e) => onChange(e.currentTarget.value)}
    />
  );
}
