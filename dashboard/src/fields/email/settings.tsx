// Email options: allowed or excluded domains (mutually exclusive on the server).
import { ListOpt } from '../common.tsx';
import type { SettingsProps } from '../types.ts';

export function EmailSettings(p: SettingsProps) {
  return (
    <div class="grid2">
      <ListOpt p={p} k="exceptDomains" label="Except domains" nullWhenEmpty />
      <ListOpt p={p} k="onlyDomains" label="Only domains" nullWhenEmpty />
    </div>
  );
}
