// An API rule input: locked (null = superusers only) or an expression in the code editor, with
// autocomplete of the collection's fields, `@request.*`, `@collection.*` and modifiers.
import type { CollectionModel } from 'pocketbase';
import { collections } from '../stores/collections.ts';
import { CodeEditor } from './CodeEditor.tsx';

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
  const locked = value === null;
  const words = () =>
    ruleCompletions(collection).map((w) => ({
      label: w,
      type: collection.fields.some((f) => f.name === w) ? 'property' : 'variable',
    }));

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
        <CodeEditor
          name={name}
          language="filter"
          ariaLabel={label}
          placeholder='Leave empty to grant everyone access, e.g. @request.auth.id != ""'
          value={value}
          onChange={onChange}
          completions={words}
        />
      )}
      {error && <small class="error-text">{error}</small>}
    </div>
  );
}
