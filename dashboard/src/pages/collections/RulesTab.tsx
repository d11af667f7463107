// API rules of a collection; the server validates them on save (errors show under each rule).
import { RuleEditor } from '../../components/RuleEditor.tsx';
import type { DraftProps } from './draft.ts';

const RULES = [
  ['listRule', 'List/Search rule'],
  ['viewRule', 'View rule'],
  ['createRule', 'Create rule'],
  ['updateRule', 'Update rule'],
  ['deleteRule', 'Delete rule'],
] as const;

export function RulesTab({ draft, errors, onChange }: DraftProps) {
  const rules: [string, string][] =
    draft.type === 'view' ? RULES.slice(0, 2).map((r) => [...r]) : RULES.map((r) => [...r]);
  const rec = draft as unknown as Record<string, string | null>;
  return (
    <div class="rules-tab">
      <p class="muted">
        Rules are filter expressions. Empty grants everyone access; locked means superusers only.
        Type to autocomplete fields and <code>@request.*</code>.
      </p>
      {rules.map(([k, label]) => (
        <RuleEditor
          key={k}
          name={k}
          label={label}
          value={rec[k] ?? null}
          collection={draft}
          error={errors[k]}
          onChange={(v) => {
            rec[k] = v;
            onChange();
          }}
        />
      ))}
      {draft.type === 'auth' && (
        <>
          <h3>Auth rules</h3>
          <RuleEditor
            name="authRule"
            label="Authentication rule (checked on every login)"
            value={rec.authRule ?? null}
            collection={draft}
            error={errors.authRule}
            onChange={(v) => {
              rec.authRule = v;
              onChange();
            }}
          />
          <RuleEditor
            name="manageRule"
            label="Manage rule (may change other users' email/password)"
            value={rec.manageRule ?? null}
            collection={draft}
            error={errors.manageRule}
            onChange={(v) => {
              rec.manageRule = v;
              onChange();
            }}
          />
        </>
      )}
    </div>
  );
}
