// Select options: the allowed values and how many may be picked.
import { ListOpt, NumOpt } from '../common.tsx';
import type { SettingsProps } from '../types.ts';

export function SelectSettings(p: SettingsProps) {
  return (
    <div class="grid2">
      <ListOpt p={p} k="values" label="Choices" placeholder="draft, published" />
      <NumOpt p={p} k="maxSelect" label="Max select (1 = single)" />
    </div>
  );
}
