// Rate limit rules: label, audience, window and max requests.
import { Row, TagsInput, Toggle } from '../../components/ui.tsx';
import { SaveBar, type SettingsState, useDraft } from './form.tsx';

interface Rule {
  label: string;
  audience: string;
  duration: number;
  maxRequests: number;
}

export function RateLimitsSection({ s }: { s: SettingsState }) {
  const { draft, set, reset, save } = useDraft(s, ['rateLimits']);
  const rl = draft.rateLimits!;
  const rules = (rl.rules as Rule[]) ?? [];
  const e = s.errors;
  const setRule = (i: number, patch: Partial<Rule>) =>
    set('rateLimits', { rules: rules.map((r, j) => (j === i ? { ...r, ...patch } : r)) });
  return (
    <div>
      <h1>Rate limits</h1>
      <Toggle
        label="Enable rate limiting"
        checked={!!rl.enabled}
        onChange={(v) => set('rateLimits', { enabled: v })}
      />
      <table class="plain">
        <thead>
          <tr>
            <th>Label</th>
            <th>Audience</th>
            <th>Max requests</th>
            <th>Interval (s)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.map((r, i) => (
            <tr key={`${i}`}>
              <td>
                <input
                  type="text"
                  value={r.label}
                  onInput={(ev) => setRule(i, { label: ev.currentTarget.value })}
                />
                {e[`rateLimits.rules.${i}.label`] && (
                  <small class="error-text">{e[`rateLimits.rules.${i}.label`]}</small>
                )}
              </td>
              <td>
                <select
                  value={r.audience}
                  onChange={(ev) => setRule(i, { audience: ev.currentTarget.value })}
                >
                  <option value="">All</option>
                  <option value="@guest">Guest only</option>
                  <option value="@auth">Auth only</option>
                </select>
              </td>
              <td>
                <input
                  type="number"
                  value={r.maxRequests}
                  onInput={(ev) => setRule(i, { maxRequests: Number(ev.currentTarget.value) })}
                />
              </td>
              <td>
                <input
                  type="number"
                  value={r.duration}
                  onInput={(ev) => setRule(i, { duration: Number(ev.currentTarget.value) })}
                />
              </td>
              <td>
                <button
                  type="button"
                  class="btn small ghost"
                  aria-label="Remove rule"
                  onClick={() => set('rateLimits', { rules: rules.filter((_, j) => j !== i) })}
                >
                  ✕
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button
        type="button"
        class="btn small"
        onClick={() =>
          set('rateLimits', {
            rules: [...rules, { label: '', audience: '', duration: 10, maxRequests: 100 }],
          })
        }
      >
        + Add rule
      </button>
      <Row label="Excluded IPs" error={e['rateLimits.excludedIPs']}>
        <TagsInput
          value={rl.excludedIPs as string[]}
          onChange={(v) => set('rateLimits', { excludedIPs: v })}
        />
      </Row>
      <SaveBar s={s} onReset={reset} onSave={save} />
    </div>
  );
}
