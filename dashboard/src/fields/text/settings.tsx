// Text field options: length bounds, validation pattern and auto-generate pattern.
import { NumOpt, TextOpt } from '../common.tsx';
import type { SettingsProps } from '../types.ts';

export function TextSettings(p: SettingsProps) {
  return (
    <div class="grid2">
      <NumOpt p={p} k="min" label="Min length" />
      <NumOpt p={p} k="max" label="Max length" />
      <TextOpt p={p} k="pattern" label="Regex pattern" placeholder="e.g. ^[a-z0-9]+$" />
      <TextOpt
        p={p}
        k="autogeneratePattern"
        label="Autogenerate pattern"
        placeholder="e.g. [a-z0-9]{30}"
      />
    </div>
  );
}
