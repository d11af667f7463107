// `date`: canonical UTC date strings; lenient input, unparsable → '' (§4.2, §4.3, http-api §1.3).

import { parseDate, toDate } from '../dates.ts';
import { fieldError } from '../errors.ts';
import type { FieldKind } from './kind.ts';
import { boolOpt, checkTypes, requiredError, unsupportedValueType } from './option-rules.ts';

export const dateField: FieldKind = {
  type: 'date',
  defaultOptions: () => ({ help: '', max: '', min: '', required: false }),
  validateOptions(field) {
    const typeErrors = checkTypes(field, { min: 'string', max: 'string', required: 'bool' });
    const min = toDate(field.min);
    const max = toDate(field.max);
    if (min && max && max.getTime() < min.getTime()) {
      return {
        max: fieldError('validation_date_out_of_range', 'The date is out of range.'),
        ...typeErrors,
      };
    }
    return typeErrors;
  },
  columnType: () => "TEXT DEFAULT '' NOT NULL",
  isMultiple: () => false,
  zeroValue: () => '',
  normalize: (value) => parseDate(value),
  validate(value, field) {
    if (typeof value !== 'string') return unsupportedValueType();
    const d = toDate(value);
    if (!d) return boolOpt(field, 'required') ? requiredError() : null;
    // min/max are inclusive; unparsable bounds are ignored (Go decodes them to the zero time)
    const min = toDate(field.min);
    if (min && d.getTime() < min.getTime()) {
      const threshold = parseDate(min);
      return fieldError(
        'validation_min_greater_equal_than_required',
        `Must be no less than ${threshold}.`,
        { threshold },
      );
    }
    const max = toDate(field.max);
    if (max && d.getTime() > max.getTime()) {
      const threshold = parseDate(max);
      return fieldError(
        'validation_max_less_equal_than_required',
        `Must be no greater than ${threshold}.`,
        { threshold },
      );
    }
    return null;
  },
  toDb: (value) => parseDate(value),
  fromDb: (raw) => parseDate(raw),
};
