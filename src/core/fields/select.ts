// `select`: one or more values out of a fixed list (§4.2).
import { fieldError } from '../errors.ts';
import type { FieldKind } from './kind.ts';
import {
  boolOpt,
  checkTypes,
  collect,
  firstError,
  intOpt,
  listOpt,
  maxRule,
  minRule,
  requiredError,
} from './option-rules.ts';
import {
  isMultipleSelection,
  normalizeSelection,
  selectionColumn,
  selectionFromDb,
  selectionList,
  selectionToDb,
  selectionZero,
} from './selection.ts';

export const selectField: FieldKind = {
  type: 'select',
  defaultOptions: () => ({ help: '', maxSelect: 0, required: false, values: [] }),
  validateOptions(field) {
    const typeErrors = checkTypes(field, {
      values: 'stringList',
      maxSelect: 'int',
      required: 'bool',
    });
    const values = listOpt(field, 'values');
    const maxSelect = intOpt(field, 'maxSelect');
    const errors = collect({
      values: values.length === 0 ? requiredError() : null,
      maxSelect: firstError(
        () => minRule(maxSelect, 0),
        () => maxRule(maxSelect, Math.max(values.length, 1)),
      ),
    });
    return { ...errors, ...typeErrors };
  },
  columnType: selectionColumn,
  isMultiple: isMultipleSelection,
  zeroValue: selectionZero,
  normalize: normalizeSelection,
  validate(value, field) {
    const list = selectionList(value);
    if (list.length === 0) return boolOpt(field, 'required') ? requiredError() : null;
    const maxSelect = Math.max(intOpt(field, 'maxSelect'), 1);
    if (list.length > maxSelect) {
      return fieldError('validation_too_many_values', `Select no more than ${maxSelect}.`, {
        maxSelect,
      });
    }
    const allowed = listOpt(field, 'values');
    const invalid = list.find((v) => !allowed.includes(v));
    if (invalid !== undefined) {
      return fieldError('validation_invalid_value', `Invalid value ${invalid}.`, {
        value: invalid,
      });
    }
    return null;
  },
  toDb: selectionToDb,
  fromDb: selectionFromDb,
};
