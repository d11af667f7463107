// `text`: plain strings with length/pattern limits; also the record primary key `id` (§4.2, §1).
import type { Field } from '../collections/model.ts';
import { type FieldError, fieldError } from '../errors.ts';
import { generateFromPattern } from '../ids.ts';
import { runeBounds, toStr } from './cast.ts';
import type { FieldKind } from './kind.ts';
import {
  boolOpt,
  checkTypes,
  collect,
  firstError,
  intOpt,
  MAX_SAFE_JSON_INT,
  maxRule,
  minRule,
  regexRule,
  requiredError,
  strOpt,
  unsupportedValueType,
} from './option-rules.ts';
import { matchesGoRegex } from './regex.ts';

/** The default id pattern; ids matching it need no extra filesystem-safety checks. */
export const DEFAULT_ID_PATTERN = '^[a-z0-9]+$';
const DEFAULT_MAX = 5000;

/** A primary key is also a directory name in storage: keep it portable (§1). */
const FORBIDDEN_PK_CHARS = ['.', '/', '\\', '|', '"', "'", '`', '<', '>', ':', '?', '*', '%', '$'];
const FORBIDDEN_PK_CONTROL = ['\0', '\t', '\n', '\r', ' '];
const RESERVED_PKS = [
  'CON',
  'PRN',
  'AUX',
  'NUL',
  ...Array.from({ length: 9 }, (_, i) => `COM${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `LPT${i + 1}`),
];

/** Checks a string against the field's required/min/max/pattern (+ pk safety) rules. */
export function validateTextValue(value: string, field: Field): FieldError | null {
  const isPk = boolOpt(field, 'primaryKey');
  if ((boolOpt(field, 'required') || isPk) && value === '') return requiredError();
  if (value === '') return null;
  const min = intOpt(field, 'min');
  const max = intOpt(field, 'max') || DEFAULT_MAX;
  const bounds = runeBounds(value, min, max);
  if (bounds === 'short') {
    return fieldError('validation_min_text_constraint', `Must be at least ${min} character(s).`, {
      min,
    });
  }
  if (bounds === 'long') {
    return fieldError(
      'validation_max_text_constraint',
      `Must be no more than ${max} character(s).`,
      {
        max,
      },
    );
  }
  const pattern = strOpt(field, 'pattern');
  if (pattern !== '' && !matchesGoRegex(pattern, value)) {
    return fieldError('validation_invalid_format', 'Invalid value format.');
  }
  if (isPk && pattern !== DEFAULT_ID_PATTERN) {
    for (const ch of [...FORBIDDEN_PK_CHARS, ...FORBIDDEN_PK_CONTROL]) {
      if (value.includes(ch)) {
        return fieldError(
          'validation_forbidden_pk_character',
          `'${ch}' is not a valid primary key character.`,
          { ch },
        );
      }
    }
    const reserved = RESERVED_PKS.find((r) => r === value.toUpperCase());
    if (reserved) {
      return fieldError(
        'validation_reserved_pk',
        `The primary key '${reserved}' is reserved and cannot be used.`,
        { reserved },
      );
    }
  }
  return null;
}

function checkAutogenerate(pattern: string, field: Field): FieldError | null {
  if (pattern === '') return null;
  // several samples: a pattern may only sometimes produce values the other options reject
  for (let i = 0; i < 10; i++) {
    let generated: string;
    try {
      generated = generateFromPattern(pattern);
    } catch (err) {
      return fieldError('validation_invalid_autogenerate_pattern', (err as Error).message);
    }
    if (validateTextValue(generated, field)) {
      return fieldError(
        'validation_invalid_autogenerate_pattern_value',
        `The provided autogenerate pattern could produce invalid field values, ex.: ${JSON.stringify(generated)}`,
      );
    }
  }
  return null;
}

export const textField: FieldKind = {
  type: 'text',
  defaultOptions: () => ({
    autogeneratePattern: '',
    help: '',
    max: 0,
    min: 0,
    pattern: '',
    primaryKey: false,
    required: false,
  }),
  validateOptions(field, ctx) {
    const typeErrors = checkTypes(field, {
      min: 'int',
      max: 'int',
      pattern: 'string',
      autogeneratePattern: 'string',
      primaryKey: 'bool',
      required: 'bool',
    });
    const isPk = boolOpt(field, 'primaryKey');
    const min = intOpt(field, 'min');
    const max = intOpt(field, 'max');
    const pattern = strOpt(field, 'pattern');
    const autogeneratePattern = strOpt(field, 'autogeneratePattern');
    const pkCount = ctx.collection.fields.filter(
      (f) => f.type === 'text' && f.primaryKey === true,
    ).length;
    const errors = collect({
      name:
        isPk && field.name !== 'id'
          ? fieldError('validation_in_invalid', 'The primary key must be named "id".')
          : null,
      primaryKey:
        isPk && pkCount > 1
          ? fieldError(
              'validation_unsupported_composite_pk',
              'Composite PKs are not supported and the collection must have only 1 PK.',
            )
          : null,
      min: firstError(
        () => minRule(min, 0),
        () => maxRule(min, MAX_SAFE_JSON_INT),
      ),
      max: firstError(
        () => minRule(max, min),
        () => maxRule(max, MAX_SAFE_JSON_INT),
      ),
      pattern: firstError(
        () => (isPk && pattern === '' ? requiredError() : null),
        () => regexRule(pattern),
      ),
      hidden: isPk && field.hidden ? fieldError('validation_empty', 'Must be blank.') : null,
      required: isPk && !boolOpt(field, 'required') ? requiredError() : null,
      autogeneratePattern: firstError(
        () => regexRule(autogeneratePattern),
        () => checkAutogenerate(autogeneratePattern, field),
      ),
    });
    return { ...errors, ...typeErrors };
  },
  columnType: (field) =>
    boolOpt(field, 'primaryKey')
      ? "TEXT PRIMARY KEY DEFAULT ('r'||lower(hex(randomblob(7)))) NOT NULL"
      : "TEXT DEFAULT '' NOT NULL",
  isMultiple: () => false,
  zeroValue: () => '',
  normalize: (value) => toStr(value),
  validate(value, field, ctx) {
    if (typeof value !== 'string') return unsupportedValueType();
    if (boolOpt(field, 'primaryKey') && !ctx.isNew) {
      const original = toStr(ctx.original);
      if (original !== value) {
        return fieldError('validation_pk_change', 'The record primary key cannot be changed.');
      }
      // stored ids may predate the current pattern (imported data): never re-validate them
      if (original !== '') return null;
    }
    return validateTextValue(value, field);
  },
  toDb: (value) => toStr(value),
  fromDb: (raw) => toStr(raw),
};
