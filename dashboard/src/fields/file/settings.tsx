// File options: count, size, MIME types, thumb sizes, protected access.
import { BoolOpt, ListOpt, NumOpt } from '../common.tsx';
import type { SettingsProps } from '../types.ts';

export function FileSettings(p: SettingsProps) {
  return (
    <div class="grid2">
      <NumOpt p={p} k="maxSelect" label="Max files (1 = single)" />
      <NumOpt p={p} k="maxSize" label="Max size per file (bytes, 0 = 5 MiB)" />
      <ListOpt p={p} k="mimeTypes" label="Allowed MIME types" placeholder="image/png, image/jpeg" />
      <ListOpt p={p} k="thumbs" label="Thumb sizes" placeholder="100x100, 0x300" />
      <BoolOpt p={p} k="protected" label="Protected (needs a file token)" />
    </div>
  );
}
