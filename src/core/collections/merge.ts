// Merges client JSON over a typed default/current value, the way Go's JSON decoding into a struct does.
import { BadRequestError } from '../errors.ts';

export const INVALID_FORMAT = 'Failed to load the submitted data due to invalid formatting.';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function invalidFormat(): BadRequestError {
  return new BadRequestError(INVALID_FORMAT);
}

/**
 * `patch` over `target`: objects merge key by key (unknown keys dropped), arrays and scalars
 * replace, and each value must have the target's JSON type (a string where a number belongs is a
 * decoding error in PocketBase too). A `null` target accepts anything; `null` for an object is a no-op.
 */
export function mergeTyped(target: unknown, patch: unknown): unknown {
  if (patch === undefined) return target;
  if (target === null || target === undefined) return structuredClone(patch);
  if (isPlainObject(target)) {
    if (patch === null) return target;
    if (!isPlainObject(patch)) throw invalidFormat();
    const out: Record<string, unknown> = { ...target };
    for (const [k, v] of Object.entries(patch)) {
      if (k in target) out[k] = mergeTyped(target[k], v);
    }
    return out;
  }
  if (Array.isArray(target)) {
    if (patch !== null && !Array.isArray(patch)) throw invalidFormat();
    return structuredClone(patch);
  }
  if (typeof target === 'number') {
    if (typeof patch !== 'number' || !Number.isFinite(patch)) throw invalidFormat();
    return patch;
  }
  if (typeof patch !== typeof target) throw invalidFormat();
  return patch;
}

/** A rule value: string or null; anything else cannot be decoded into PocketBase's `*string`. */
export function ruleValue(v: unknown): string | null {
  if (v === null || typeof v === 'string') return v;
  throw invalidFormat();
}
