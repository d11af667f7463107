// `bool`: true/false with loose truthiness on input; `required` means it must be true (§4.2).
import { toBool } from './cast.ts';
import type { FieldKind } from './kind.ts';
import { boolOpt, checkTypes, requiredError, unsupportedValueType } from './option-rules.ts';

/** DB values: 0/1 integers, but legacy or hand-written rows may hold `'true'`/`'1'`/text. */
function boolFromDb(raw: unknown): boolean {
  if (typeof raw === 'string') return toBool(raw) || raw.toLowerCase() === 'true';
  return toBool(raw);
}

export const boolField: FieldKind = {
  type: 'bool',
  defaultOptions: () => ({ help: '', required: false }),
  validateOptions: (field) => checkTypes(field, { required: 'bool' }),
  columnType: () => 'BOOLEAN DEFAULT FALSE NOT NULL',
  isMultiple: () => false,
  zeroValue: () => false,
  normalize: (value) => toBool(value),
  validate(value, field) {
    if (typeof value !== 'boolean') return unsupportedValueType();
    return boolOpt(field, 'required') && !value ? requiredError() : null;
  },
  toDb: (value) => (toBool(value) ? 1 : 0),
  fromDb: boolFromDb,
};
