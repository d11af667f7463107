// `editor`: rich-text HTML stored as a string, limited by size in bytes (§4.2).
import { fieldError } from '../errors.ts';
import { byteLength, toStr } from './cast.ts';
import type { FieldKind } from './kind.ts';
import {
  boolOpt,
  checkTypes,
  collect,
  intOpt,
  requiredError,
  sizeRule,
  unsupportedValueType,
} from './option-rules.ts';

/** `maxSize: 0` means 5 MiB. */
export const DEFAULT_EDITOR_MAX_SIZE = 5 << 20;

export const editorField: FieldKind = {
  type: 'editor',
  defaultOptions: () => ({ convertURLs: false, help: '', maxSize: 0, required: false }),
  validateOptions(field) {
    const typeErrors = checkTypes(field, { maxSize: 'int', convertURLs: 'bool', required: 'bool' });
    return { ...collect({ maxSize: sizeRule(intOpt(field, 'maxSize')) }), ...typeErrors };
  },
  columnType: () => "TEXT DEFAULT '' NOT NULL",
  isMultiple: () => false,
  zeroValue: () => '',
  normalize: (value) => toStr(value),
  validate(value, field) {
    if (typeof value !== 'string') return unsupportedValueType();
    if (boolOpt(field, 'required') && value === '') return requiredError();
    const maxSize =
      intOpt(field, 'maxSize') > 0 ? intOpt(field, 'maxSize') : DEFAULT_EDITOR_MAX_SIZE;
    if (byteLength(value) > maxSize) {
      return fieldError(
        'validation_content_size_limit',
        `The maximum allowed content size is ${maxSize} bytes.`,
        { maxSize },
      );
    }
    return null;
  },
  toDb: (value) => toStr(value),
  fromDb: (raw) => toStr(raw),
};
