// Merges untrusted JSON over a settings object, key by key, the way Go's json.Unmarshal fills a struct.
//
// {meta: {appName: 'X'}} over defaults → only meta.appName changes; arrays are replaced whole;
// unknown keys are dropped; `null` leaves a value as it is. A value of the wrong type either
// aborts (`strict`, for client patches) or is ignored (stored rows from other versions).

/** Thrown in strict mode; the caller maps it to PocketBase's "loading the submitted data" 400. */
export class SettingsShapeError extends Error {}

type Json = unknown;

function isPlainObject(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Element templates of the arrays of objects; every other array holds strings. */
const ITEM_TEMPLATES: Record<string, () => Record<string, Json>> = {
  'rateLimits.rules': () => ({ label: '', audience: '', duration: 0, maxRequests: 0 }),
};

function mismatch(path: string, strict: boolean, fallback: Json): Json {
  if (strict) throw new SettingsShapeError(`invalid value for ${path}`);
  return fallback;
}

function mergeValue(base: Json, input: Json, path: string, strict: boolean): Json {
  if (input === null || input === undefined) return base;
  if (isPlainObject(base)) {
    if (!isPlainObject(input)) return mismatch(path, strict, base);
    return mergeObject(base, input, path, strict);
  }
  if (Array.isArray(base)) {
    if (!Array.isArray(input)) return mismatch(path, strict, base);
    const template = ITEM_TEMPLATES[path];
    const out: Json[] = [];
    for (const [i, item] of input.entries()) {
      const merged = template
        ? mergeValue(template(), item, `${path}.${i}`, strict)
        : mergeValue('', item, `${path}.${i}`, strict);
      out.push(merged);
    }
    return out;
  }
  if (typeof base === 'number') {
    return typeof input === 'number' && Number.isInteger(input)
      ? input
      : mismatch(path, strict, base);
  }
  if (typeof base === 'string' || typeof base === 'boolean') {
    return typeof input === typeof base ? input : mismatch(path, strict, base);
  }
  return base;
}

function mergeObject(
  base: Record<string, Json>,
  input: Record<string, Json>,
  path: string,
  strict: boolean,
): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(base)) {
    const sub = path ? `${path}.${key}` : key;
    out[key] = Object.hasOwn(input, key) ? mergeValue(value, input[key], sub, strict) : value;
  }
  return out;
}

/** Returns a new object shaped like `base` with `input`'s compatible values merged in. */
export function mergeSettings<T extends object>(base: T, input: unknown, strict: boolean): T {
  const clone = structuredClone(base) as Record<string, Json>;
  if (!isPlainObject(input)) {
    if (strict && input !== null && input !== undefined)
      throw new SettingsShapeError('not an object');
    return clone as T;
  }
  return mergeObject(clone, input, '', strict) as T;
}
