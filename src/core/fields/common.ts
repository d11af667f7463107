// Rules shared by every field definition: id, name and help (collections-and-fields.md §2, §4.1),
// and the stable field id PocketBase derives from type + name.
import type { Field } from '../collections/model.ts';
import { type ErrorData, type FieldError, fieldError } from '../errors.ts';
import { crc32 } from '../ids.ts';
import { runeLength } from './cast.ts';
import { collect, requiredError, unsupportedValueType } from './option-rules.ts';

/** Names that would clash with filter literals or the record's dynamic keys. */
const EXCLUDED_NAMES = [
  'null',
  'true',
  'false',
  '_rowid_',
  'collectionId',
  'collectionName',
  'expand',
];

const lengthBetween = (min: number, max: number): FieldError =>
  fieldError('validation_length_out_of_range', `The length must be between ${min} and ${max}.`, {
    min,
    max,
  });

function checkId(id: unknown): FieldError | null {
  if (typeof id !== 'string') return id == null ? requiredError() : unsupportedValueType();
  if (id === '') return requiredError();
  if (runeLength(id) > 100) return lengthBetween(1, 100);
  return null;
}

function checkName(name: unknown): FieldError | null {
  if (typeof name !== 'string') return name == null ? requiredError() : unsupportedValueType();
  if (name === '') return requiredError();
  if (runeLength(name) > 100) return lengthBetween(1, 100);
  if (!/^\w+$/.test(name))
    return fieldError('validation_match_invalid', 'Must be in a valid format.');
  if (EXCLUDED_NAMES.includes(name)) {
    return fieldError('validation_not_in_invalid', 'Must not be in list.');
  }
  if (name.toLowerCase().includes('_via_')) {
    return fieldError('validation_found_via', 'The value cannot contain "_via_".');
  }
  return null;
}

function checkHelp(help: unknown): FieldError | null {
  if (help === undefined || help === null) return null;
  if (typeof help !== 'string') return unsupportedValueType();
  if (runeLength(help) > 300) {
    return fieldError('validation_length_too_long', 'The length must be no more than 300.', {
      min: 0,
      max: 300,
    });
  }
  return null;
}

/**
 * `{id?, name?, help?}` errors of a field definition. Type-specific option errors come from
 * `FieldKind.validateOptions`; merge as `{...optionErrors, ...commonErrors}` (name rules win).
 */
export function validateFieldCommon(field: Field): ErrorData {
  return collect({
    id: checkId(field.id),
    name: checkName(field.name),
    help: checkHelp(field.help),
  });
}

/**
 * `<type><crc32(name)>`, e.g. `text3208210256` for text `id`; when taken, a numeric suffix
 * 2…999 is appended (`text32082102562`).
 */
export function fieldIdFor(type: string, name: string, taken: Set<string>): string {
  const base = `${type}${crc32(name)}`;
  if (!taken.has(base)) return base;
  for (let i = 2; i < 1000; i++) {
    const id = `${base}${i}`;
    if (!taken.has(id)) return id;
  }
  return base;
}
