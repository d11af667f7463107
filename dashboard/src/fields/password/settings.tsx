// Password options: length bounds, pattern, bcrypt cost.
import { NumOpt, TextOpt } from '../common.tsx';
import type { SettingsProps } from '../types.ts';

export function PasswordSettings(p: SettingsProps) {
  return (
    <div class="grid2">
      <NumOpt p={p} k="min" label="Min length" />
      <NumOpt p={p} k="max" label="Max length (≤ 71)" />
      <TextOpt p={p} k="pattern" label="Regex pattern" />
      <NumOpt p={p} k="cost" label="Bcrypt cost (0 = 10)" />
    </div>
  );
}
