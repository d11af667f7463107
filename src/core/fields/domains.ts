// The `onlyDomains` / `exceptDomains` options shared by `email` and `url` (mutually exclusive).
import type { Field } from '../collections/model.ts';
import { type ErrorData, type FieldError, fieldError } from '../errors.ts';
import { isDomain } from './formats.ts';
import { checkTypes, listOpt } from './option-rules.ts';

function checkList(list: string[], other: string[]): FieldError | ErrorData | null {
  if (other.length > 0) {
    return list.length > 0 ? fieldError('validation_empty', 'Must be blank.') : null;
  }
  const errors: ErrorData = {};
  list.forEach((d, i) => {
    if (!isDomain(d))
      errors[String(i)] = fieldError('validation_is_domain', 'Must be a valid domain.');
  });
  return Object.keys(errors).length > 0 ? errors : null;
}

/** Errors for both lists: each entry must be a domain; only one list may be non-empty. */
export function validateDomainOptions(field: Field): ErrorData {
  const only = listOpt(field, 'onlyDomains');
  const except = listOpt(field, 'exceptDomains');
  const errors: ErrorData = {};
  const exceptErr = checkList(except, only);
  const onlyErr = checkList(only, except);
  if (exceptErr) errors.exceptDomains = exceptErr;
  if (onlyErr) errors.onlyDomains = onlyErr;
  return {
    ...errors,
    ...checkTypes(field, {
      onlyDomains: 'stringList',
      exceptDomains: 'stringList',
      required: 'bool',
    }),
  };
}

/** Whether `domain` passes the field's allow/deny lists. */
export function isDomainAllowed(field: Field, domain: string): boolean {
  const only = listOpt(field, 'onlyDomains');
  if (only.length > 0 && !only.includes(domain)) return false;
  const except = listOpt(field, 'exceptDomains');
  return !(except.length > 0 && except.includes(domain));
}
