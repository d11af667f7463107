// Small building blocks: form rows, spinners, error boxes, toggles, tag lists, tabs.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { toasts } from '../stores/toasts.ts';

export function Row({
  label,
  error,
  hint,
  children,
}: {
  label: ComponentChildren;
  error?: string;
  hint?: ComponentChildren;
  children: ComponentChildren;
}) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control is passed as children
    <label class={`form-row${error ? ' has-error' : ''}`}>
      <span class="label">{label}</span>
      {children}
      {hint && <small class="hint">{hint}</small>}
      {error && <small class="error-text">{error}</small>}
    </label>
  );
}

export function Spinner({ text = 'Loading…' }: { text?: string }) {
  return (
    <div class="spinner" role="status">
      <span class="dot" /> {text}
    </div>
  );
}

export function ErrorBox({ text, retry }: { text: string; retry?: () => void }) {
  if (!text) return null;
  return (
    <div class="error-box" role="alert">
      {text}
      {retry && (
        <button type="button" class="btn small" onClick={retry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function Toggle({
  label,
  checked,
  onChange,
  name,
}: {
  label: ComponentChildren;
  checked: boolean;
  onChange: (v: boolean) => void;
  name?: string;
}) {
  return (
    <label class="toggle">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
      <span>{label}</span>
    </label>
  );
}

/** A list of strings edited as comma-separated text. */
export function TagsInput({
  value,
  onChange,
  placeholder,
  name,
}: {
  value: string[] | null | undefined;
  onChange: (v: string[]) => void;
  placeholder?: string;
  name?: string;
}) {
  const [text, setText] = useState((value ?? []).join(', '));
  return (
    <input
      type="text"
      name={name}
      value={text}
      placeholder={placeholder}
      onInput={(e) => {
        setText(e.currentTarget.value);
        onChange(
          e.currentTarget.value
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

export function Tabs<T extends string>({
  tabs,
  value,
  onChange,
}: {
  tabs: { id: T; label: ComponentChildren }[];
  value: T;
  onChange: (t: T) => void;
}) {
  return (
    <div class="tabs" role="tablist">
      {tabs.map((t) => (
        <button
          type="button"
          role="tab"
          key={t.id}
          class={t.id === value ? 'active' : ''}
          aria-selected={t.id === value}
          onClick={() => onChange(t.id)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}

export function Toasts() {
  return (
    <div class="toasts" aria-live="polite">
      {toasts.value.map((t) => (
        <div key={t.id} class={`toast ${t.kind}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}

/** Focuses the element once mounted (the first input of a form or dialog). */
export function useAutofocus<T extends HTMLElement>(when = true) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (when) ref.current?.focus();
  }, []);
  return ref;
}
