// JSON field input: a code textarea that only passes parsed values up (and flags invalid JSON).
import { useState } from 'preact/hooks';
import type { InputProps } from '../types.ts';

export function JsonInput({ field, value, onChange, id }: InputProps) {
  const [text, setText] = useState(() =>
    value === null || value === undefined ? '' : JSON.stringify(value, null, 2),
  );
  const [bad, setBad] = useState(false);
  return (
    <div>
      <textarea
        id={id}
        class={`code${bad ? ' invalid' : ''}`}
        name={field.name}
        rows={5}
        spellcheck={false}
        value={text}
        onInput={(e) => {
          const t = e.currentTarget.value;
          setText(t);
          if (t.trim() === '') {
            setBad(false);
            onChange(null);
            return;
          }
          try {
            onChange(JSON.parse(t));
            setBad(false);
          } catch {
            setBad(true);
          }
        }}
      />
      {bad && <small class="error-text">Invalid JSON (the last valid value is kept)</small>}
    </div>
  );
}
