// `number`: float64 values with optional min/max/onlyInt; `required` rejects 0 (§4.2).
import type { Field } from '../collections/model.ts';
import { type FieldError, fieldError } from '../errors.ts';
import { toNumber } from './cast.ts';
import type { FieldKind } from './kind.ts';
import {
  boolOpt,
  checkTypes,
  collect,
  firstError,
  numOrNull,
  requiredError,
  unsupportedValueType,
} from './option-rules.ts';

function onlyIntRule(field: Field, v: number | null): FieldError | null {
  if (v === null || !boolOpt(field, 'onlyInt') || Number.isInteger(v)) return null;
  return fieldError('validation_only_int_constraint', 'Decimal numbers are not allowed.');
}

/** SQLite hands back numbers; legacy/text columns may hold numeric text or NULL. */
function numberFromDb(raw: unknown): number {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : 0;
  if (typeof raw === 'bigint') return Number(raw);
  if (typeof raw === 'string') {
    const n = toNumber(raw.trim());
    return Number.isFinite(n) ? n : 0;
  }
  return typeof raw === 'boolean' ? Number(raw) : 0;
}

export const numberField: FieldKind = {
  type: 'number',
  defaultOptions: () => ({ help: '', max: null, min: null, onlyInt: false, required: false }),
  validateOptions(field) {
    const typeErrors = checkTypes(field, {
      min: 'number',
      max: 'number',
      onlyInt: 'bool',
      required: 'bool',
    });
    const min = numOrNull(field, 'min');
    const max = numOrNull(field, 'max');
    const errors = collect({
      min: onlyIntRule(field, min),
      max: firstError(
        () => onlyIntRule(field, max),
        // PocketBase's own rule here, not validation.Min: zero is not skipped.
        () =>
          min !== null && max !== null && max < min
            ? fieldError(
                'validation_min_number_constraint',
                `Must be greater or equal than ${min}.`,
                {
                  min,
                },
              )
            : null,
      ),
    });
    return { ...errors, ...typeErrors };
  },
  columnType: () => 'NUMERIC DEFAULT 0 NOT NULL',
  isMultiple: () => false,
  zeroValue: () => 0,
  normalize: (value) => toNumber(value),
  validate(value, field) {
    if (typeof value !== 'number') return unsupportedValueType();
    if (!Number.isFinite(value)) {
      return fieldError(
        'validation_not_a_number',
        'The submitted number is not properly formatted.',
      );
    }
    if (value === 0) return boolOpt(field, 'required') ? requiredError() : null;
    if (boolOpt(field, 'onlyInt') && !Number.isInteger(value)) {
      return fieldError('validation_only_int_constraint', 'Decimal numbers are not allowed.');
    }
    const min = numOrNull(field, 'min');
    if (min !== null && value < min) {
      return fieldError(
        'validation_min_number_constraint',
        `Must be greater or equal than ${min}.`,
        {
          min,
        },
      );
    }
    const max = numOrNull(field, 'max');
    if (max !== null && value > max) {
      return fieldError('validation_max_number_constraint', `Must be less or equal than ${max}.`, {
        max,
      });
    }
    return null;
  },
  toDb: (value) => {
    const n = typeof value === 'number' ? value : toNumber(value);
    return Number.isFinite(n) ? n : 0;
  },
  fromDb: numberFromDb,
};
