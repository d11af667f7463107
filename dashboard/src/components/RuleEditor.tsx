// An API rule input: locked (null = superusers only) or an expression, with autocomplete of
// the collection's fields, `@request.*`, `@collection.*` and modifiers.
import type { CollectionModel } from 'pocketbase';
import { useRef, useState } from 'preact/hooks';
import { collections } from '../stores/collections.ts';

const REQUEST = [
  '@request.auth.id',
  '@request.auth.collectionName',
  '@request.auth.collectionId',
  '@request.auth.email',
  '@request.auth.verified',
  '@request.method',
  '@request.context',
  '@request.query.',
  '@request.headers.',
  '@request.body.',
];
const MACROS = [
  '@now',
  '@second',
  '@minute',
  '@hour',
  '@weekday',
  '@day',
  '@month',
  '@year',
  '@todayStart',
  '@todayEnd',
  '@monthStart',
  '@monthEnd',
  '@yearStart',
  '@yearEnd',
];
const MODIFIERS = [':isset', ':changed', ':length', ':each', ':lower'];

/** Every completion for the current collection. */
export function ruleCompletions(c: CollectionModel): string[] {
  const names = c.fields.map((f) => f.name);
  const users = collections.value.find((x) => x.type === 'auth' && x.name === 'users');
  const authFields = (users?.fields ?? []).map((f) => `@request.auth.${f.name}`);
  return [
    ...names,
    ...REQUEST,
    ...authFields,
    ...names.map((n) => `@request.body.${n}`),
    ...collections.value.map((x) => `@collection.${x.name}.`),
    ...MACROS,
    ...MODIFIERS,
  ].filter((v, i, a) => a.indexOf(v) === i);
}

/** The token being typed at `pos` (letters, digits, _ . @ :). */
function tokenAt(text: string, pos: number): { start: number; word: string } {
  let start = pos;
  while (start > 0 && /[\w.@:]/.test(text[start - 1]!)) start--;
  // A modifier completes on its own: `title:` suggests `:isset`, not `title:isset`.
  const colon = text.lastIndexOf(':', pos - 1);
  if (colon >= start) start = colon;
  return { start, word: text.slice(start, pos) };
}

export function RuleEditor({
  label,
  value,
  onChange,
  collection,
  error,
  name,
  lockable = true,
}: {
  label: string;
  value: string | null;
  onChange: (v: string | null) => void;
  collection: CollectionModel;
  error?: string;
  name: string;
  lockable?: boolean;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const [suggest, setSuggest] = useState<{ start: number; items: string[]; active: number } | null>(
    null,
  );
  const locked = value === null;

  const update = (text: string, pos: number) => {
    onChange(text);
    const { start, word } = tokenAt(text, pos);
    if (!word) return setSuggest(null);
    const lw = word.toLowerCase();
    const items = ruleCompletions(collection)
      .filter((s) => s.toLowerCase().startsWith(lw) && s !== word)
      .slice(0, 8);
    setSuggest(items.length ? { start, items, active: 0 } : null);
  };

  const pick = (item: string) => {
    const el = ref.current;
    if (!el || !suggest) return;
    const pos = el.selectionStart;
    const text = el.value.slice(0, suggest.start) + item + el.value.slice(pos);
    // Write the DOM and caret now: a deferred caret move raced with the next keystrokes.
    el.value = text;
    const caret = suggest.start + item.length;
    el.setSelectionRange(caret, caret);
    el.focus();
    onChange(text);
    setSuggest(null);
  };

  return (
    <div class={`rule${error ? ' has-error' : ''}`} data-rule={name}>
      <div class="rule-head">
        <span class="label">{label}</span>
        <div class="grow" />
        {lockable && (
          <button
            type="button"
            class="btn small ghost"
            onClick={() => onChange(locked ? '' : null)}
          >
            {locked ? 'Superusers only — unlock' : 'Set superusers only'}
          </button>
        )}
      </div>
      {locked ? (
        <div class="rule-locked muted">Only superusers can perform this action.</div>
      ) : (
        <div class="ac-wrap">
          <textarea
            ref={ref}
            class="code"
            rows={2}
            name={name}
            spellcheck={false}
            placeholder='Leave empty to grant everyone access, e.g. @request.auth.id != ""'
            value={value}
            onInput={(e) => update(e.currentTarget.value, e.currentTarget.selectionStart)}
            // No focus/blur handlers: focus events also fire on window switches (screenshots,
            // tabs) and raced with Enter. CSS hides the list while unfocused; moving the caret closes it.
            onMouseDown={() => setSuggest(null)}
            onKeyDown={(e) => {
              if (!suggest) return;
              if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) setSuggest(null);
              else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                const n = suggest.items.length;
                setSuggest({
                  ...suggest,
                  active: (suggest.active + (e.key === 'ArrowDown' ? 1 : n - 1)) % n,
                });
              } else if (e.key === 'Enter' || e.key === 'Tab') {
                e.preventDefault();
                pick(suggest.items[suggest.active]!);
              } else if (e.key === 'Escape') {
                e.stopPropagation();
                setSuggest(null);
              }
            }}
          />
          {suggest && (
            <div class="ac-list" role="listbox">
              {suggest.items.map((s, i) => (
                <div
                  key={s}
                  role="option"
                  tabIndex={-1}
                  aria-selected={i === suggest.active}
                  class={i === suggest.active ? 'active' : ''}
                  onMouseDown={(e) => {
                    e.preventDefault();
                    pick(s);
                  }}
                >
                  {s}
                </div>
              ))}
            </div>
          )}
        </div>
      )}
      {error && <small class="error-text">{error}</small>}
    </div>
  );
}
