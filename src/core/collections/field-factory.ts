// Builds complete field objects from what a client sends: common keys + the type's option defaults.
import { getFieldKind } from '../fields/index.ts';
import type { Field } from './model.ts';

/** The keys every field has; `autodate` has no `help`/`required` (§4.1). */
export function commonFieldDefaults(type: string): Record<string, unknown> {
  const common: Record<string, unknown> = { hidden: false, presentable: false, system: false };
  if (type !== 'autodate') Object.assign(common, { help: '', required: false });
  return common;
}

/** Every key a field of this type may carry; null for an unknown type. */
export function knownFieldKeys(type: string): Set<string> | null {
  const kind = getFieldKind(type);
  if (!kind) return null;
  return new Set([
    'id',
    'name',
    'type',
    ...Object.keys(commonFieldDefaults(type)),
    ...Object.keys(kind.defaultOptions()),
  ]);
}

/**
 * A full field of `type` from a partial definition: defaults under `input`, unknown keys dropped
 * (PocketBase decodes fields into typed structs, so extra JSON keys never survive a save).
 */
export function buildField(type: string, input: Record<string, unknown>): Field {
  const kind = getFieldKind(type);
  const merged: Record<string, unknown> = {
    ...commonFieldDefaults(type),
    ...(kind?.defaultOptions() ?? {}),
    id: '',
    name: '',
    ...input,
    type,
  };
  const keys = knownFieldKeys(type);
  if (keys) {
    for (const k of Object.keys(merged)) if (!keys.has(k)) delete merged[k];
  }
  return withEmptyLists(merged as Field, kind?.defaultOptions() ?? {});
}

/**
 * List options never read `null`: PocketBase answers `"mimeTypes": []` for a field sent with
 * `"mimeTypes": null` or without it (exceptDomains, onlyDomains, mimeTypes, thumbs, values).
 */
function withEmptyLists(field: Field, defaults: Record<string, unknown>): Field {
  for (const [k, v] of Object.entries(defaults)) {
    if (Array.isArray(v) && field[k] === null) field[k] = [];
  }
  return field;
}

/**
 * A stored field with the keys of its type filled in where missing (older PocketBase versions
 * wrote fewer, e.g. no `help`), nothing removed: what the API shows for an adopted data dir.
 */
export function withFieldDefaults(field: Field): Field {
  const kind = getFieldKind(String(field.type));
  if (!kind) return field;
  const defaults = kind.defaultOptions();
  return withEmptyLists(
    { ...commonFieldDefaults(String(field.type)), ...defaults, ...field } as Field,
    defaults,
  );
}
