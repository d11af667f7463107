// Number options: bounds and integers only.
import { BoolOpt, NumOpt } from '../common.tsx';
import type { SettingsProps } from '../types.ts';

export function NumberSettings(p: SettingsProps) {
  return (
    <div class="grid2">
      <NumOpt p={p} k="min" label="Min" allowNull />
      <NumOpt p={p} k="max" label="Max" allowNull />
      <BoolOpt p={p} k="onlyInt" label="No decimals" />
    </div>
  );
}
