// PocketBase's generic validation errors (ozzo-validation codes) and a helper to nest them.
import { type ErrorData, type FieldError, fieldError, isFieldError } from '../errors.ts';

export const required = () => fieldError('validation_required', 'Cannot be blank.');

export const lengthOutOfRange = (min: number, max: number) =>
  fieldError('validation_length_out_of_range', `The length must be between ${min} and ${max}.`, {
    min,
    max,
  });

export const invalidFormat = () =>
  fieldError('validation_match_invalid', 'Must be in a valid format.');

export const minNumber = (threshold: number) =>
  fieldError('validation_min_greater_equal_than_required', `Must be no less than ${threshold}.`, {
    threshold,
  });

export const maxNumber = (threshold: number) =>
  fieldError('validation_max_less_equal_than_required', `Must be no greater than ${threshold}.`, {
    threshold,
  });

export const mustBeNil = () => fieldError('validation_nil', 'Must be blank.');

export const invalidValue = () => fieldError('validation_in_invalid', 'Must be a valid value.');

export const valuesMismatch = () => fieldError('validation_values_mismatch', "Values don't match.");

/** Sets `data[path[0]][path[1]]… = err` unless something is already reported there. */
export function setError(data: ErrorData, path: (string | number)[], err: FieldError | ErrorData) {
  let node: ErrorData = data;
  for (let i = 0; i < path.length - 1; i++) {
    const key = String(path[i]);
    const child = node[key];
    if (isFieldError(child)) return;
    if (!child) node[key] = {};
    node = node[key] as ErrorData;
  }
  const last = String(path[path.length - 1]);
  if (node[last] === undefined) node[last] = err;
  else if (!isFieldError(node[last]) && !isFieldError(err))
    Object.assign(node[last] as ErrorData, err);
}

/** `data` without empty nested objects (`{fields: {"0": {}}}` → `{}`). */
export function prune(data: ErrorData): ErrorData {
  const out: ErrorData = {};
  for (const [k, v] of Object.entries(data)) {
    if (isFieldError(v)) out[k] = v;
    else {
      const inner = prune(v);
      if (Object.keys(inner).length) out[k] = inner;
    }
  }
  return out;
}

/** Merges `src` into `dst` (first error wins at each key); empty branches are ignored. */
export function mergeErrors(dst: ErrorData, src: ErrorData): ErrorData {
  for (const [k, v] of Object.entries(prune(src))) setError(dst, [k], v);
  return dst;
}
