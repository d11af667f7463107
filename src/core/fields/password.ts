// `password`: the plain value is validated here; the records pipeline hashes it with bcrypt
// (cost from the field, 0 ⇒ 10) and stores only the hash, which is never output (§4.2, §4.3).
import { fieldError } from '../errors.ts';
import { runeBounds, toStr } from './cast.ts';
import type { FieldKind } from './kind.ts';
import {
  boolOpt,
  checkTypes,
  collect,
  firstError,
  intOpt,
  maxRule,
  minRule,
  regexRule,
  requiredError,
  strOpt,
  unsupportedValueType,
} from './option-rules.ts';
import { matchesGoRegex } from './regex.ts';

/** bcrypt only looks at the first 72 bytes; PocketBase caps passwords at 71 characters. */
export const PASSWORD_MAX = 71;

const isHash = (v: unknown): v is string => typeof v === 'string' && v.startsWith('$2');

export const passwordField: FieldKind = {
  type: 'password',
  defaultOptions: () => ({ cost: 0, help: '', max: 0, min: 0, pattern: '', required: false }),
  validateOptions(field) {
    const typeErrors = checkTypes(field, {
      min: 'int',
      max: 'int',
      cost: 'int',
      pattern: 'string',
      required: 'bool',
    });
    const min = intOpt(field, 'min');
    const max = intOpt(field, 'max');
    const cost = intOpt(field, 'cost');
    const errors = collect({
      min: firstError(
        () => minRule(min, 1),
        () => maxRule(min, PASSWORD_MAX),
      ),
      max: firstError(
        () => minRule(max, min),
        () => maxRule(max, PASSWORD_MAX),
      ),
      cost: firstError(
        () => minRule(cost, 4),
        () => maxRule(cost, 31),
      ),
      pattern: regexRule(strOpt(field, 'pattern')),
    });
    return { ...errors, ...typeErrors };
  },
  columnType: () => "TEXT DEFAULT '' NOT NULL",
  isMultiple: () => false,
  zeroValue: () => '',
  /** Keeps the plain text: hashing happens in the records pipeline after validation. */
  normalize: (value) => toStr(value),
  /**
   * `value` is the submitted plain text, or `''` when unchanged. `ctx.original` is the stored
   * hash: it satisfies `required` when no new password is given.
   */
  validate(value, field, ctx) {
    if (typeof value !== 'string') return unsupportedValueType();
    if (value === '' || (value === ctx.original && isHash(value))) {
      const hasHash = value !== '' || isHash(ctx.original);
      return boolOpt(field, 'required') && !hasHash ? requiredError() : null;
    }
    const min = intOpt(field, 'min');
    const max = intOpt(field, 'max') > 0 ? intOpt(field, 'max') : PASSWORD_MAX;
    const bounds = runeBounds(value, min, max);
    if (bounds === 'short') {
      // No params, unlike the text kind's: PocketBase formats the number into the message only.
      return fieldError('validation_min_text_constraint', `Must be at least ${min} character(s).`);
    }
    if (bounds === 'long') {
      return fieldError('validation_max_text_constraint', `Must be less than ${max} character(s).`);
    }
    const pattern = strOpt(field, 'pattern');
    if (pattern !== '' && !matchesGoRegex(pattern, value)) {
      return fieldError('validation_invalid_format', 'Invalid value format.');
    }
    return null;
  },
  toDb: (value) => toStr(value),
  fromDb: (raw) => toStr(raw),
};
