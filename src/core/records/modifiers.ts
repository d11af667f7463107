// Applies a request body to a record: known fields only, write modifiers resolved (collections-and-fields.md §5).
import type { Collection, Field } from '../collections/model.ts';
import { type ErrorData, fieldError } from '../errors.ts';
import { getFieldKind } from '../fields/index.ts';
import { generateFromPattern } from '../ids.ts';
import type { RecordData } from './record.ts';

type Modifier = 'set' | 'append' | 'prepend' | 'remove' | 'autogenerate';

const LIST_TYPES = new Set(['select', 'relation', 'file']);

export interface ApplyOptions {
  /** Superusers may write hidden fields; everyone else's values for them are dropped silently. */
  allowHidden: boolean;
}

/**
 * `{"n": 1, "n-": 5, "n+": 2}` on `{n: 0}` → `{n: -2}`: keys apply shortest first, each building on
 * the previous result. Unknown keys, autodate values and password fields (handled with the auth
 * extras) are skipped. Returns field errors found while reading values (file uploads, for now).
 */
export function applyBody(
  collection: Collection,
  record: RecordData,
  body: Record<string, unknown>,
  options: ApplyOptions,
): ErrorData {
  const errors: ErrorData = {};
  const keys = Object.keys(body).sort((a, b) => a.length - b.length);
  for (const key of keys) {
    const target = resolveKey(collection, key);
    if (!target) continue;
    const { field, modifier } = target;
    if (field.type === 'autodate' || field.type === 'password') continue;
    if (field.hidden && !options.allowHidden) continue;
    const value = body[key];
    if (field.type === 'file' && containsFile(value)) {
      // Uploads become generated names in core/files/uploads.ts before the body gets here; a File
      // that still arrives bypassed that step: refuse it rather than store an object.
      errors[field.name] = fieldError('validation_invalid_file', 'Invalid file value.');
      continue;
    }
    const next = modify(field, modifier, record[field.name], value);
    if (next !== undefined) record[field.name] = next;
  }
  return errors;
}

/**
 * `@request.body` as rules see it (filter-and-rules.md §2.4): the submitted keys as sent, except that
 * modifier keys (`n+`, `+n`, `n-`, `n:autogenerate`) become the field's resolved value taken from
 * `record` (the body already applied); hidden fields are dropped for non-superusers (the auth
 * `password` excepted). `{"total+": 4, "total-": 1}` on total 0 → `{total: 3}`.
 */
export function rulesBody(
  collection: Collection,
  body: Record<string, unknown>,
  record: RecordData,
  options: ApplyOptions,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const resolved: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    const target = resolveKey(collection, key);
    if (target && target.modifier !== 'set') resolved.push(target.field.name);
    else out[key] = value;
  }
  for (const name of resolved) out[name] = record[name];
  if (!options.allowHidden) {
    for (const f of collection.fields) {
      if (!f.hidden) continue;
      if (collection.type === 'auth' && f.name === 'password') continue;
      delete out[f.name];
    }
  }
  return out;
}

function resolveKey(
  collection: Collection,
  key: string,
): { field: Field; modifier: Modifier } | null {
  const candidates: [string, Modifier][] = [[key, 'set']];
  if (key.endsWith(':autogenerate')) candidates.push([key.slice(0, -13), 'autogenerate']);
  if (key.endsWith('+')) candidates.push([key.slice(0, -1), 'append']);
  if (key.startsWith('+')) candidates.push([key.slice(1), 'prepend']);
  if (key.endsWith('-')) candidates.push([key.slice(0, -1), 'remove']);
  for (const [name, modifier] of candidates) {
    const field = collection.fields.find((f) => f.name === name);
    if (field) return { field, modifier };
  }
  return null;
}

/** The field's new value, or undefined when the modifier doesn't apply to its type (ignored like PocketBase). */
function modify(field: Field, modifier: Modifier, current: unknown, value: unknown): unknown {
  const kind = getFieldKind(field.type);
  if (!kind) return undefined;
  switch (modifier) {
    case 'set':
      return kind.normalize(value, field);
    case 'autogenerate': {
      if (field.type !== 'text') return undefined;
      const prefix = String(kind.normalize(value, field) ?? '');
      const pattern = String(field.autogeneratePattern ?? '');
      if (!pattern) return prefix;
      try {
        return prefix + generateFromPattern(pattern);
      } catch {
        return prefix; // an unsupported pattern: the prefix alone, validation judges it
      }
    }
    case 'append':
    case 'prepend':
    case 'remove': {
      if (field.type === 'number') {
        if (modifier === 'prepend') return undefined;
        const base = Number(current) || 0;
        const delta = Number(kind.normalize(value, field)) || 0;
        return kind.normalize(modifier === 'append' ? base + delta : base - delta, field);
      }
      if (!LIST_TYPES.has(field.type)) return undefined;
      const cur = asList(current);
      const values = asList(value).map(String);
      const list =
        modifier === 'append'
          ? [...cur, ...values]
          : modifier === 'prepend'
            ? [...values, ...cur]
            : cur.filter((v) => !values.includes(v));
      return kind.normalize(list, field);
    }
  }
}

/** `"a"` → ["a"], `'["a","b"]'` → ["a","b"], `["a"]` → ["a"], `""`/null → []. */
export function asList(v: unknown): string[] {
  if (v === null || v === undefined || v === '') return [];
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(String);
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('[')) {
      try {
        const parsed = JSON.parse(t) as unknown;
        if (Array.isArray(parsed)) return parsed.map(String);
      } catch {
        // not a JSON array: a plain value
      }
    }
    return [v];
  }
  return [String(v)];
}

function containsFile(v: unknown): boolean {
  if (v instanceof Blob) return true;
  return Array.isArray(v) && v.some((x) => x instanceof Blob);
}
