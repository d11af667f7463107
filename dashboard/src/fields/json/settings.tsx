// JSON options: size cap.
import { NumOpt } from '../common.tsx';
import type { SettingsProps } from '../types.ts';

export const JsonSettings = (p: SettingsProps) => (
  <NumOpt p={p} k="maxSize" label="Max size (bytes, 0 = 1 MiB)" />
);
