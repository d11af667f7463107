// The record form's file value: names to keep plus new uploads, turned into the `+`/`-` modifiers on save.
import type { Field } from '../types.ts';

export interface FileValue {
  keep: string[];
  add: File[];
}

const asList = (v: unknown): string[] => (Array.isArray(v) ? v : v ? [String(v)] : []);

export function toFileValue(v: unknown): FileValue {
  if (v && typeof v === 'object' && 'keep' in v) return v as FileValue;
  return { keep: asList(v), add: [] };
}

/** Body entries for one file field; empty when nothing changed. */
export function filePayload(
  field: Field,
  original: unknown,
  v: FileValue,
): Record<string, unknown> {
  const removed = asList(original).filter((n) => !v.keep.includes(n));
  const out: Record<string, unknown> = {};
  const single = (field.maxSelect ?? 0) <= 1;
  if (single && v.add.length > 0) out[field.name] = v.add[v.add.length - 1];
  else {
    if (removed.length) out[`${field.name}-`] = removed;
    if (v.add.length) out[`${field.name}+`] = v.add;
  }
  return out;
}
