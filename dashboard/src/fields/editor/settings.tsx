// Rich text options: size cap and URL conversion.
import { BoolOpt, NumOpt } from '../common.tsx';
import type { SettingsProps } from '../types.ts';

export function EditorSettings(p: SettingsProps) {
  return (
    <div class="grid2">
      <NumOpt p={p} k="maxSize" label="Max size (bytes, 0 = 5 MiB)" />
      <BoolOpt p={p} k="convertURLs" label="Convert URLs" />
    </div>
  );
}
