// `url`: a string that must look like a URL, optionally restricted by host (§4.2).
import { fieldError } from '../errors.ts';
import { toStr } from './cast.ts';
import { isDomainAllowed, validateDomainOptions } from './domains.ts';
import { isURL, urlHost } from './formats.ts';
import type { FieldKind } from './kind.ts';
import { boolOpt, requiredError, unsupportedValueType } from './option-rules.ts';

export const urlField: FieldKind = {
  type: 'url',
  defaultOptions: () => ({ exceptDomains: [], help: '', onlyDomains: [], required: false }),
  validateOptions: (field) => validateDomainOptions(field),
  columnType: () => "TEXT DEFAULT '' NOT NULL",
  isMultiple: () => false,
  zeroValue: () => '',
  normalize: (value) => toStr(value),
  validate(value, field) {
    if (typeof value !== 'string') return unsupportedValueType();
    if (value === '') return boolOpt(field, 'required') ? requiredError() : null;
    if (!isURL(value)) return fieldError('validation_invalid_url', 'Must be a valid url.');
    // compared with Go's `url.Host`: port included, empty for scheme-less values
    if (!isDomainAllowed(field, urlHost(value))) {
      return fieldError('validation_url_domain_not_allowed', 'Url domain is not allowed.');
    }
    return null;
  },
  toDb: (value) => toStr(value),
  fromDb: (raw) => toStr(raw),
};
