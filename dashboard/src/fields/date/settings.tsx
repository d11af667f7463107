// Date options: earliest and latest allowed value.
import { TextOpt } from '../common.tsx';
import type { SettingsProps } from '../types.ts';

export function DateSettings(p: SettingsProps) {
  return (
    <div class="grid2">
      <TextOpt p={p} k="min" label="Min date (UTC)" placeholder="2024-01-01 00:00:00.000Z" />
      <TextOpt p={p} k="max" label="Max date (UTC)" placeholder="2030-01-01 00:00:00.000Z" />
    </div>
  );
}
