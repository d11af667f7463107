// Select field input: a dropdown for single, checkboxes for multiple values.
import type { InputProps } from '../types.ts';

export function SelectInput({ field, value, onChange, id }: InputProps) {
  const values = (field.values as string[]) ?? [];
  if ((field.maxSelect ?? 0) <= 1) {
    return (
      <select
        id={id}
        name={field.name}
        value={(value as string) ?? ''}
        onChange={(e) => onChange(e.currentTarget.value)}
      >
        <option value="">—</option>
        {values.map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
    );
  }
  const picked = new Set((value as string[]) ?? []);
  return (
    <div class="chips" id={id}>
      {values.map((v) => (
        <label key={v} class="toggle">
          <input
            type="checkbox"
            name={`${field.name}.${v}`}
            checked={picked.has(v)}
            onChange={(e) => {
              const next = new Set(picked);
              if (e.currentTarget.checked) next.add(v);
              else next.delete(v);
              onChange(values.filter((x) => next.has(x)));
            }}
          />
          <span>{v}</span>
        </label>
      ))}
    </div>
  );
}
