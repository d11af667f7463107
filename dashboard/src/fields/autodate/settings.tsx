// Autodate options: set on create and/or update.
import { BoolOpt } from '../common.tsx';
import type { SettingsProps } from '../types.ts';

export function AutodateSettings(p: SettingsProps) {
  return (
    <div class="grid2">
      <BoolOpt p={p} k="onCreate" label="On create" />
      <BoolOpt p={p} k="onUpdate" label="On update" />
    </div>
  );
}
