// Date field input: the browser's date-time picker in local time, stored as UTC.
import { fromLocalInput, toLocalInput } from '../common.tsx';
import type { InputProps } from '../types.ts';

export function DateInput({ field, value, onChange, id }: InputProps) {
  return (
    <div class="row">
      <input
        id={id}
        type="datetime-local"
        step="1"
        name={field.name}
        value={toLocalInput((value as string) ?? '')}
        onInput={(e) => onChange(fromLocalInput(e.currentTarget.value))}
      />
      {value ? (
        <button type="button" class="btn small ghost" onClick={() => onChange('')}>
          Clear
        </button>
      ) : null}
    </div>
  );
}
