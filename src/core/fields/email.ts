// `email`: a string that must look like an e-mail address, optionally domain-restricted (§4.2).
import { fieldError } from '../errors.ts';
import { toStr } from './cast.ts';
import { isDomainAllowed, validateDomainOptions } from './domains.ts';
import { isEmail } from './formats.ts';
import type { FieldKind } from './kind.ts';
import { boolOpt, requiredError, unsupportedValueType } from './option-rules.ts';

export const emailField: FieldKind = {
  type: 'email',
  defaultOptions: () => ({ exceptDomains: [], help: '', onlyDomains: [], required: false }),
  validateOptions: (field) => validateDomainOptions(field),
  columnType: () => "TEXT DEFAULT '' NOT NULL",
  isMultiple: () => false,
  zeroValue: () => '',
  normalize: (value) => toStr(value),
  validate(value, field) {
    if (typeof value !== 'string') return unsupportedValueType();
    if (value === '') return boolOpt(field, 'required') ? requiredError() : null;
    if (!isEmail(value)) return fieldError('validation_is_email', 'Must be a valid email address.');
    const domain = value.slice(value.lastIndexOf('@') + 1);
    if (!isDomainAllowed(field, domain)) {
      return fieldError('validation_email_domain_not_allowed', 'Email domain is not allowed.');
    }
    return null;
  },
  toDb: (value) => toStr(value),
  fromDb: (raw) => toStr(raw),
};
