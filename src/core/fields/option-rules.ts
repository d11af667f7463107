// Reading field options safely and checking them with the ozzo-validation rules PocketBase uses
// (same codes, messages and params; like ozzo, min/max/match rules skip zero values).
import type { Field } from '../collections/model.ts';
import { type ErrorData, type FieldError, fieldError } from '../errors.ts';
import { goRegexError } from './regex.ts';

export const MAX_SAFE_JSON_INT = Number.MAX_SAFE_INTEGER;

export const unsupportedValueType = (): FieldError =>
  fieldError('validation_unsupported_value_type', 'Invalid or unsupported value type.');

export const requiredError = (message = 'Cannot be blank.'): FieldError =>
  fieldError('validation_required', message);

// --- readers: tolerant of missing/null options (Go decodes null into the zero value) ---------

/** The option as an integer; missing, null or wrongly typed → 0 (`checkTypes` reports the latter). */
export function intOpt(field: Field, key: string): number {
  const v = field[key];
  return typeof v === 'number' && Number.isInteger(v) ? v : 0;
}

export function numOrNull(field: Field, key: string): number | null {
  const v = field[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

export function boolOpt(field: Field, key: string): boolean {
  return field[key] === true;
}

export function strOpt(field: Field, key: string): string {
  const v = field[key];
  return typeof v === 'string' ? v : '';
}

export function listOpt(field: Field, key: string): string[] {
  const v = field[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

type OptionKind = 'int' | 'number' | 'bool' | 'string' | 'stringList';

const isKind: Record<OptionKind, (v: unknown) => boolean> = {
  int: (v) => typeof v === 'number' && Number.isInteger(v),
  number: (v) => typeof v === 'number' && Number.isFinite(v),
  bool: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  stringList: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'),
};

/**
 * Options of the wrong JSON type (`"min": "abc"`) → `validation_unsupported_value_type`.
 * `null`/missing is accepted: it decodes to the zero value.
 */
export function checkTypes(field: Field, spec: Record<string, OptionKind>): ErrorData {
  const errors: ErrorData = {};
  for (const [key, kind] of Object.entries(spec)) {
    const v = field[key];
    if (v === undefined || v === null) continue;
    if (!isKind[kind](v)) errors[key] = unsupportedValueType();
  }
  return errors;
}

// --- ozzo-style rules: each returns the first error or null -----------------------------------

/** `validation.Min(threshold)`: zero values pass. */
export function minRule(value: number, threshold: number): FieldError | null {
  if (value === 0 || value >= threshold) return null;
  return fieldError(
    'validation_min_greater_equal_than_required',
    `Must be no less than ${threshold}.`,
    { threshold },
  );
}

/** `validation.Max(threshold)`: zero values pass. */
export function maxRule(value: number, threshold: number): FieldError | null {
  if (value === 0 || value <= threshold) return null;
  return fieldError(
    'validation_max_less_equal_than_required',
    `Must be no greater than ${threshold}.`,
    { threshold },
  );
}

/** `validators.IsRegex`: empty passes. */
export function regexRule(pattern: string): FieldError | null {
  if (pattern === '') return null;
  const err = goRegexError(pattern);
  return err ? fieldError('validation_invalid_regex', err) : null;
}

/** Runs rule thunks in order and returns the first error (ozzo stops at the first per field). */
export function firstError(...rules: Array<() => FieldError | null>): FieldError | null {
  for (const rule of rules) {
    const err = rule();
    if (err) return err;
  }
  return null;
}

/** Collects `{key: firstError}` for the keys that have one. */
export function collect(checks: Record<string, FieldError | ErrorData | null>): ErrorData {
  const out: ErrorData = {};
  for (const [key, err] of Object.entries(checks)) {
    if (err && Object.keys(err).length > 0) out[key] = err;
  }
  return out;
}

/** `validation.Field(&f.MaxSize, validation.Min(0), validation.Max(maxSafeJSONInt))`. */
export function sizeRule(value: number): FieldError | null {
  return firstError(
    () => minRule(value, 0),
    () => maxRule(value, MAX_SAFE_JSON_INT),
  );
}
