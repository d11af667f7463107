// JSON field input: a code editor (validation marks, folding) that only passes parsed values up.
import { useState } from 'preact/hooks';
import { CodeEditor } from '../../components/CodeEditor.tsx';
import type { InputProps } from '../types.ts';

export function JsonInput({ field, value, onChange, id }: InputProps) {
  const [text, setText] = useState(() =>
    value === null || value === undefined ? '' : JSON.stringify(value, null, 2),
  );
  const [bad, setBad] = useState(false);
  return (
    <div>
      <CodeEditor
        id={id}
        name={field.name}
        language="json"
        ariaLabel={field.name}
        value={text}
        onChange={(t) => {
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
